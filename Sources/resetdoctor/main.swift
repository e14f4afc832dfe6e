import ResetDoctor
print("resetdoctor")
