module netipagg

go 1.19
