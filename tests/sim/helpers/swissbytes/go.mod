module swissbytes

go 1.24
