//go:build race

package registry

// raceBuild: the tests run with the race detector, some ten times
// slower; the longest run fewer steps.
const raceBuild = true
