module x509t

go 1.19
