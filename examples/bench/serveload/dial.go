package main

import (
	"net"
	"time"
)

// dialNet opens the client's connection with package net, its timeout
// set before every read and write.
func dialNet(addr string, timeout time.Duration) (*deadlineConn, error) {
	c, err := net.DialTimeout("tcp", addr, timeout)
	if err != nil {
		return nil, err
	}
	return &deadlineConn{c, timeout}, nil
}

// deadlineConn sets the timeout before every read and write.
type deadlineConn struct {
	net.Conn
	timeout time.Duration
}

func (c *deadlineConn) Read(p []byte) (int, error) {
	c.SetReadDeadline(time.Now().Add(c.timeout))
	return c.Conn.Read(p)
}

func (c *deadlineConn) Write(p []byte) (int, error) {
	c.SetWriteDeadline(time.Now().Add(c.timeout))
	return c.Conn.Write(p)
}
