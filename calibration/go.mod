module gomapgclab/calibration

go 1.19
