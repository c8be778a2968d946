package main

import (
	"bytes"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/maptile"
)

// The hand-written client reads answers of any length over one kept-alive
// connection, counts a status other than 200 as an error, and opens a new
// connection after one is broken.
func TestRawConn(t *testing.T) {
	var conns atomic.Int32
	ts := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/big":
			w.Header().Set("Content-Length", "100000")
			w.Write(bytes.Repeat([]byte("x"), 100000))
		case "/missing":
			http.Error(w, "no such thing", http.StatusNotFound)
		case "/close":
			hj, _ := w.(http.Hijacker)
			c, _, _ := hj.Hijack()
			c.Close()
		default:
			w.Write([]byte("ok"))
		}
	}))
	ts.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	ts.Start()
	defer ts.Close()
	rc := &rawConn{addr: strings.TrimPrefix(ts.URL, "http://")}
	defer rc.close()
	for _, c := range []struct {
		path string
		n    int
		err  bool
	}{{"/a", 2, false}, {"/big", 100000, false}, {"/b", 2, false}, {"/missing", 14, true}, {"/c", 2, false}, {"/close", 0, true}, {"/d", 2, false}} {
		n, err := rc.get([]byte(c.path))
		if (err != nil) != c.err || n != c.n {
			t.Errorf("%s: %d bytes, error %v; want %d bytes, error %v", c.path, n, err, c.n, c.err)
		}
	}
	time.Sleep(50 * time.Millisecond)
	if n := conns.Load(); n != 2 {
		t.Errorf("%d connections, want 2: one kept alive until /close broke it, then one more", n)
	}
}

func TestTileXY(t *testing.T) {
	// As orb's maptile counts web-mercator tiles.
	for _, p := range []orb.Point{{106.7009, 10.7769}, {105.8542, 21.0285}, {-70.1, -33.4}} {
		for _, z := range []maptile.Zoom{1, 12, 16, 18} {
			x, y := tileXY(p[1], p[0], int(z))
			if want := maptile.At(p, z); uint32(x) != want.X || uint32(y) != want.Y {
				t.Errorf("%v at zoom %d: tile %d/%d, want %d/%d", p, z, x, y, want.X, want.Y)
			}
		}
	}
	if x, y := tileXY(0, 0, 1); x != 1 || y != 1 {
		t.Errorf("0,0 at zoom 1: tile %d/%d, want 1/1", x, y)
	}
}

func TestRSS(t *testing.T) {
	if _, err := os.Stat(fmt.Sprintf("/proc/%d/status", os.Getpid())); err != nil {
		t.Skip("no /proc on this system")
	}
	if kb := rss(os.Getpid()); kb <= 0 {
		t.Errorf("own RSS %d KiB", kb)
	}
	if rss(0) != 0 {
		t.Error("pid 0 means no server")
	}
}

// An address that is not IPv4 is dialled too (through package net).
func TestRawConnIPv6(t *testing.T) {
	l, err := net.Listen("tcp6", "[::1]:0")
	if err != nil {
		t.Skip("no IPv6 loopback here:", err)
	}
	ts := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("ok6"))
	}))
	ts.Listener.Close()
	ts.Listener = l
	ts.Start()
	defer ts.Close()
	rc := &rawConn{addr: strings.TrimPrefix(ts.URL, "http://")}
	defer rc.close()
	for range 3 {
		if n, err := rc.get([]byte("/x")); err != nil || n != 3 {
			t.Fatalf("%s: %d bytes, error %v; want 3 bytes", ts.URL, n, err)
		}
	}
}
