package main

import (
	"fmt"
	"io"
	"net"
	"syscall"
	"time"
)

// dial opens the client's connection as a blocking socket read and
// written by plain system calls: a request then costs one write and one
// read, where a connection of package net, non-blocking under the
// runtime's poller, adds a read that finds nothing, a wait on the poller
// and a wake-up. The load generator shares the service's two cores, so
// what it saves the service gets. Each client holds a thread while it
// waits. The timeout is the socket's own, for each read and each write.
// An address that is not IPv4 is dialled with package net.
func dial(addr string, timeout time.Duration) (io.ReadWriteCloser, error) {
	ta, err := net.ResolveTCPAddr("tcp", addr)
	if err != nil {
		return nil, err
	}
	ip := ta.IP.To4()
	if ip == nil {
		return dialNet(addr, timeout)
	}
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM|syscall.SOCK_CLOEXEC, 0)
	if err != nil {
		return nil, fmt.Errorf("socket: %w", err)
	}
	sa := &syscall.SockaddrInet4{Port: ta.Port}
	copy(sa.Addr[:], ip)
	if err := connect(fd, sa, timeout); err != nil {
		syscall.Close(fd)
		return nil, fmt.Errorf("%s: %w", addr, err)
	}
	tv := syscall.NsecToTimeval(timeout.Nanoseconds())
	for _, e := range []error{
		syscall.SetsockoptTimeval(fd, syscall.SOL_SOCKET, syscall.SO_RCVTIMEO, &tv),
		syscall.SetsockoptTimeval(fd, syscall.SOL_SOCKET, syscall.SO_SNDTIMEO, &tv),
		syscall.SetsockoptInt(fd, syscall.IPPROTO_TCP, syscall.TCP_NODELAY, 1),
	} {
		if e != nil {
			syscall.Close(fd)
			return nil, fmt.Errorf("%s: %w", addr, e)
		}
	}
	return fdConn(fd), nil
}

// connect connects fd, waiting at most timeout for a connection that a
// signal interrupted to complete (the kernel goes on with it: connect
// again answers EALREADY until it is done, then EISCONN).
func connect(fd int, sa syscall.Sockaddr, timeout time.Duration) error {
	end := time.Now().Add(timeout)
	err := syscall.Connect(fd, sa)
	for err == syscall.EINTR || err == syscall.EALREADY {
		if time.Now().After(end) {
			return fmt.Errorf("connect: timed out")
		}
		time.Sleep(time.Millisecond)
		err = syscall.Connect(fd, sa)
	}
	if err == syscall.EISCONN {
		err = nil
	}
	return err
}

// fdConn is a connected blocking socket.
type fdConn int

func (c fdConn) Read(p []byte) (int, error) {
	for {
		n, err := syscall.Read(int(c), p)
		switch {
		case err == syscall.EINTR:
			continue
		case err == syscall.EAGAIN:
			return 0, fmt.Errorf("read: timed out")
		case err != nil:
			return 0, fmt.Errorf("read: %w", err)
		case n == 0 && len(p) > 0:
			return 0, io.EOF
		}
		return n, nil
	}
}

func (c fdConn) Write(p []byte) (int, error) {
	done := 0
	for done < len(p) {
		n, err := syscall.Write(int(c), p[done:])
		switch {
		case err == syscall.EINTR:
			continue
		case err == syscall.EAGAIN:
			return done, fmt.Errorf("write: timed out")
		case err != nil:
			return done, fmt.Errorf("write: %w", err)
		}
		done += n
	}
	return done, nil
}

func (c fdConn) Close() error { return syscall.Close(int(c)) }
