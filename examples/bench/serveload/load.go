package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// runLoad runs a fixed number of clients for a fixed time against a
// running 'diachi serve' and reports what they saw.
func runLoad(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("serveload run", flag.ContinueOnError)
	fs.SetOutput(stderr)
	base := fs.String("url", "http://127.0.0.1:8080", "the service")
	kind := fs.String("kind", "at", "at (reverse geocode of random points in the registry's extent) or tiles (random tiles over it)")
	clients := fs.Int("clients", 8, "concurrent clients, each one request at a time on its own kept-alive connection")
	dur := fs.Duration("duration", 20*time.Second, "how long the clients run")
	pid := fs.Int("pid", 0, "the server's process id, for its resident memory before and after (Linux /proc)")
	seed := fs.Uint64("seed", 1, "random seed of the points and tiles")
	zooms := fs.String("zooms", "16,17,18", "tile zooms, one picked at random per request")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the load generator to this file")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *clients < 1 || *dur <= 0 || fs.NArg() > 0 || (*kind != "at" && *kind != "tiles") {
		fmt.Fprintln(stderr, "usage: serveload run --url URL --kind at|tiles [--clients 8] [--duration 20s] [--pid PID]")
		return 2
	}
	var zs []int
	for _, z := range strings.Split(*zooms, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(z))
		if err != nil || n < 0 || n > 22 {
			fmt.Fprintf(stderr, "serveload run: --zooms: %q is not a zoom\n", z)
			return 2
		}
		zs = append(zs, n)
	}
	ext, err := extent(&http.Client{Timeout: 10 * time.Second}, *base)
	if err != nil {
		fmt.Fprintln(stderr, "serveload run:", err)
		return 1
	}
	bu, err := url.Parse(*base)
	if err != nil || bu.Scheme != "http" || bu.Host == "" {
		fmt.Fprintf(stderr, "serveload run: --url %q: http://host:port expected\n", *base)
		return 2
	}
	host := bu.Host
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err == nil {
			err = pprof.StartCPUProfile(f)
		}
		if err != nil {
			fmt.Fprintln(stderr, "serveload run: --cpuprofile:", err)
			return 1
		}
		defer func() { pprof.StopCPUProfile(); f.Close() }()
	}
	rssBefore := rss(*pid)

	var (
		stop     atomic.Bool
		wg       sync.WaitGroup
		mu       sync.Mutex
		all      []time.Duration
		errs     atomic.Int64
		firstErr atomic.Value
		bytesIn  atomic.Int64
		peak     atomic.Int64
	)
	peak.Store(rssBefore)
	ctx, cancel := context.WithCancel(context.Background())
	go func() { // the server's memory as the run goes
		t := time.NewTicker(250 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				if r := rss(*pid); r > peak.Load() {
					peak.Store(r)
				}
			}
		}
	}()
	cpuBefore, selfBefore := cpuTime(*pid), selfCPU()
	start := time.Now()
	for c := 0; c < *clients; c++ {
		wg.Add(1)
		go func(c int) {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(*seed, uint64(c)))
			conn := &rawConn{addr: host}
			defer conn.close()
			lat := make([]time.Duration, 0, 1<<16)
			var u []byte // the path, written in place: the client spends as little as it can of the cores it shares
			for !stop.Load() {
				if *kind == "at" {
					la := ext[0] + rng.Float64()*(ext[2]-ext[0])
					lo := ext[1] + rng.Float64()*(ext[3]-ext[1])
					u = append(u[:0], "/api/at?lat="...)
					u = strconv.AppendFloat(u, la, 'f', 7, 64)
					u = append(u, "&lon="...)
					u = strconv.AppendFloat(u, lo, 'f', 7, 64)
				} else {
					z := zs[rng.IntN(len(zs))]
					x0, y1 := tileXY(ext[0], ext[1], z)
					x1, y0 := tileXY(ext[2], ext[3], z)
					u = append(u[:0], "/tiles/"...)
					u = strconv.AppendInt(u, int64(z), 10)
					u = append(u, '/')
					u = strconv.AppendInt(u, int64(x0+rng.IntN(x1-x0+1)), 10)
					u = append(u, '/')
					u = strconv.AppendInt(u, int64(y0+rng.IntN(y1-y0+1)), 10)
					u = append(u, ".mvt"...)
				}
				t0 := time.Now()
				n, err := conn.get(u)
				bytesIn.Add(int64(n))
				lat = append(lat, time.Since(t0))
				if err != nil {
					errs.Add(1)
					firstErr.CompareAndSwap(nil, err.Error())
				}
			}
			mu.Lock()
			all = append(all, lat...)
			mu.Unlock()
		}(c)
	}
	time.Sleep(*dur)
	stop.Store(true)
	wg.Wait()
	elapsed := time.Since(start)
	cancel()
	cpuAfter, selfAfter := cpuTime(*pid), selfCPU()
	rssAfter := rss(*pid)
	slices.Sort(all)
	q := func(p float64) time.Duration {
		if len(all) == 0 {
			return 0
		}
		return all[min(len(all)-1, int(math.Ceil(p*float64(len(all))))-1)]
	}
	fmt.Fprintf(stdout, "%s: %d clients × %s: %d requests, %.0f req/s, p50 %s, p99 %s, max %s, %d errors, %.1f MB in\n",
		*kind, *clients, *dur, len(all), float64(len(all))/elapsed.Seconds(), q(0.50).Round(time.Microsecond), q(0.99).Round(time.Microsecond),
		q(1).Round(time.Microsecond), errs.Load(), float64(bytesIn.Load())/1e6)
	if n := float64(len(all)); n > 0 {
		fmt.Fprintf(stdout, "CPU a request: load generator %.1f µs", (selfAfter-selfBefore).Seconds()/n*1e6)
		if *pid != 0 {
			fmt.Fprintf(stdout, ", server %.1f µs", (cpuAfter-cpuBefore).Seconds()/n*1e6)
		}
		fmt.Fprintln(stdout)
	}
	if *pid != 0 {
		fmt.Fprintf(stdout, "server RSS: %.0f MB before, %.0f MB peak, %.0f MB after\n", float64(rssBefore)/1024, float64(peak.Load())/1024, float64(rssAfter)/1024)
	}
	if e := firstErr.Load(); e != nil {
		fmt.Fprintf(stdout, "first error: %s\n", e)
		return 1
	}
	return 0
}

// extent is the registry's extent as /api/info gives it: south, west,
// north, east.
func extent(c *http.Client, base string) ([4]float64, error) {
	var info struct {
		Extent []float64 `json:"extent"`
	}
	res, err := c.Get(base + "/api/info")
	if err != nil {
		return [4]float64{}, err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return [4]float64{}, fmt.Errorf("/api/info: %s", res.Status)
	}
	if err := json.NewDecoder(res.Body).Decode(&info); err != nil {
		return [4]float64{}, fmt.Errorf("/api/info: %v", err)
	}
	if len(info.Extent) != 4 {
		return [4]float64{}, fmt.Errorf("/api/info: the registry has no extent")
	}
	return [4]float64(info.Extent), nil
}

// tileXY is the web-mercator tile holding a point at zoom z.
func tileXY(lat, lon float64, z int) (x, y int) {
	n := math.Exp2(float64(z))
	x = int((lon + 180) / 360 * n)
	r := lat * math.Pi / 180
	y = int((1 - math.Log(math.Tan(r)+1/math.Cos(r))/math.Pi) / 2 * n)
	return x, y
}

// cpuTime is the CPU time (user and system) a process has used, from
// Linux /proc (0 when unknown).
func cpuTime(pid int) time.Duration {
	if pid == 0 {
		return 0
	}
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	// The fields after the command name (which may hold spaces) in
	// parentheses: utime and stime are the 12th and 13th, in clock ticks.
	i := strings.LastIndexByte(string(b), ')')
	if i < 0 {
		return 0
	}
	f := strings.Fields(string(b[i+1:]))
	if len(f) < 13 {
		return 0
	}
	u, err1 := strconv.ParseInt(f[11], 10, 64)
	s, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0
	}
	return time.Duration(u+s) * time.Second / clockTicks
}

// clockTicks is the kernel's USER_HZ, the unit of /proc's CPU times: 100
// on every Linux architecture Go supports.
const clockTicks = 100

// selfCPU is the CPU time this process has used.
func selfCPU() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// rss is a process's resident set in KiB (0 when unknown).
func rss(pid int) int64 {
	if pid == 0 {
		return 0
	}
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			n, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return n
		}
	}
	return 0
}

// rawConn is one client's kept-alive HTTP/1.1 connection, written and read
// by hand: net/http's client costs several times more CPU per request
// than the service's answer, and it runs on the same cores as the
// service.
type rawConn struct {
	addr string
	c    io.ReadWriteCloser
	r    *bufio.Reader
	req  []byte
	body []byte
}

func (rc *rawConn) close() {
	if rc.c != nil {
		rc.c.Close()
		rc.c = nil
	}
}

// get sends GET path and reads the answer: its body's length, or an error
// for a status other than 200 or a broken connection (which is reopened
// on the next request).
func (rc *rawConn) get(path []byte) (int, error) {
	if rc.c == nil {
		c, err := dial(rc.addr, 10*time.Second)
		if err != nil {
			return 0, err
		}
		rc.c, rc.r = c, bufio.NewReaderSize(c, 64<<10)
	}
	rc.req = append(rc.req[:0], "GET "...)
	rc.req = append(rc.req, path...)
	rc.req = append(rc.req, " HTTP/1.1\r\nHost: "...)
	rc.req = append(rc.req, rc.addr...)
	rc.req = append(rc.req, "\r\n\r\n"...)
	n, err := rc.exchange(path)
	if _, answered := err.(statusError); err != nil && !answered {
		rc.close()
	}
	return n, err
}

var contentLength = []byte("Content-Length")

// statusError is an answer other than 200, read whole: the connection
// stays usable.
type statusError string

func (e statusError) Error() string { return string(e) }

func (rc *rawConn) exchange(path []byte) (int, error) {
	if _, err := rc.c.Write(rc.req); err != nil {
		return 0, err
	}
	line, err := rc.r.ReadSlice('\n')
	if err != nil {
		return 0, err
	}
	ok := len(line) >= 12 && string(line[9:12]) == "200"
	var status string
	if !ok {
		status = strings.TrimSpace(string(line))
	}
	length := -1
	for {
		h, err := rc.r.ReadSlice('\n')
		if err != nil {
			return 0, err
		}
		if len(h) <= 2 {
			break
		}
		if k, v, found := bytes.Cut(h, []byte(":")); found && bytes.EqualFold(k, contentLength) {
			if length, err = strconv.Atoi(string(bytes.TrimSpace(v))); err != nil {
				return 0, fmt.Errorf("%s: Content-Length %q", path, v)
			}
		}
	}
	if length < 0 {
		return 0, fmt.Errorf("%s: no Content-Length", path)
	}
	if cap(rc.body) < length {
		rc.body = make([]byte, length)
	}
	if _, err := io.ReadFull(rc.r, rc.body[:length]); err != nil {
		return 0, err
	}
	if !ok {
		return length, statusError(fmt.Sprintf("%s: %s: %s", path, status, rc.body[:min(length, 200)]))
	}
	return length, nil
}
