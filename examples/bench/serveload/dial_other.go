//go:build !linux

package main

import (
	"io"
	"net"
	"time"
)

// dial opens the client's connection with package net where blocking
// sockets are not set up by hand.
func dial(addr string, timeout time.Duration) (io.ReadWriteCloser, error) {
	c, err := net.DialTimeout("tcp", addr, timeout)
	if err != nil {
		return nil, err
	}
	return deadlineConn{c, timeout}, nil
}

// deadlineConn sets the timeout before every read and write.
type deadlineConn struct {
	net.Conn
	timeout time.Duration
}

func (c deadlineConn) Read(p []byte) (int, error) {
	c.SetReadDeadline(time.Now().Add(c.timeout))
	return c.Conn.Read(p)
}

func (c deadlineConn) Write(p []byte) (int, error) {
	c.SetWriteDeadline(time.Now().Add(c.timeout))
	return c.Conn.Write(p)
}
