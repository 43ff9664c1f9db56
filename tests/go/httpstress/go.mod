module httpstress

go 1.19
