//go:build !race

package registry

// raceBuild: the tests run without the race detector.
const raceBuild = false
