module github.com/diachi-vn/diachi

go 1.26.0

require (
	github.com/paulmach/orb v0.14.0
	github.com/stretchr/testify v1.12.1
)

require (
	github.com/tidwall/geoindex v1.7.0 // indirect
	github.com/tidwall/rtree v1.10.0 // indirect
	github.com/uber/h3-go/v4 v4.4.1 // indirect
	go.mongodb.org/mongo-driver/v2 v2.5.0 // indirect
	go.yaml.in/yaml/v3 v3.0.5 // indirect
	golang.org/x/text v0.43.0 // indirect
)
