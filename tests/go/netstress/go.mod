module netstress

go 1.19
