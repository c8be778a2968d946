//go:build !race

package benchcheck

// raceEnabled: built with the race detector.
const raceEnabled = false
