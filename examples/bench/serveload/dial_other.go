//go:build !linux

package main

import (
	"io"
	"time"
)

// dial opens the client's connection with package net where blocking
// sockets are not set up by hand.
func dial(addr string, timeout time.Duration) (io.ReadWriteCloser, error) {
	return dialNet(addr, timeout)
}
