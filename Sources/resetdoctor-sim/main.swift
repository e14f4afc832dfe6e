print("resetdoctor-sim")
