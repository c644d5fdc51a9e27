module gomapgclab/playground

go 1.26

tool github.com/traefik/yaegi/cmd/yaegi

require github.com/traefik/yaegi v0.16.1 // indirect
