print("resetdoctor-bench: see scripts/bench")
