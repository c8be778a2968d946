package main

import (
	"fmt"
	"io"
	"os"
	"runtime/pprof"
)

// profileEnv names a file to write a CPU profile of the whole command to,
// for finding where a slow run spends its time (go tool pprof FILE).
const profileEnv = "DIACHI_CPUPROFILE"

// startProfile starts the CPU profile profileEnv asks for; the returned
// function stops it. A profile that cannot be started is reported and
// the command runs without it.
func startProfile(stderr io.Writer) func() {
	path := os.Getenv(profileEnv)
	if path == "" {
		return func() {}
	}
	f, err := os.Create(path)
	if err == nil {
		if err = pprof.StartCPUProfile(f); err != nil {
			f.Close()
		}
	}
	if err != nil {
		fmt.Fprintf(stderr, "diachi: %s: %v (running without a profile)\n", profileEnv, err)
		return func() {}
	}
	return func() {
		pprof.StopCPUProfile()
		if err := f.Close(); err != nil {
			fmt.Fprintf(stderr, "diachi: %s: %v\n", profileEnv, err)
		}
	}
}
