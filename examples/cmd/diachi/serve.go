package main

import (
	"bytes"
	"context"
	"embed"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"path"
	"runtime"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"github.com/diachi-vn/diachi/address/registry"
)

// web holds the page, its script and style, the map library (Leaflet,
// put in web/static/vendor by web/vendor.sh) and the OpenAPI description.
//
//go:embed web/index.html web/openapi.json web/static
var web embed.FS

const serveUsage = `usage: diachi serve --gpkg FILE.gpkg [--addr 127.0.0.1:8080] [--key-file KEY] [--edit-token-file FILE]

Serves a saved registry (from 'diachi registry build' or 'diachi town') over
HTTP until interrupted (SIGINT or SIGTERM: requests in flight are finished,
for at most 10 s):

  /                      the map: house numbers, parcels, streets, communes,
                         findings in red, a search box (address text or
                         address ID); a click on a house shows its address,
                         parcel, street side, commune and postcode.
                         Vietnamese; /?lang=en in English.
  /api/...               the JSON API (reverse geocode, lookup by address
                         text, address ID, external ID, building id, parcel
                         key and parcel ID, parse, format, findings)
  /tiles/{z}/{x}/{y}.mvt vector tiles (layers communes, streets from zoom
                         14, findings from 15, parcels, buildings and
                         houses with their numbers from 17), with ETags
  /openapi.json          the API's OpenAPI 3.1 description

The service is read-only unless --edit-token-file names a file holding a
token (one word of at least 16 printable characters; never printed): then
POST /api/edit/planned adds a planned lot (a point or parcel polygon,
numbered on its street) and POST /api/edit/retire retires a house, each
authorised by the header "Authorization: Bearer TOKEN" (401 without it,
403 with another), made whole or not at all, saved to the GeoPackage
(written atomically) before it is answered, and seen by every request
after. A change needs the key that sealed the file (--key-file or
DIACHI_KEY; none for the public demo key of the sample town) and rebuilds
the registry and its map: under a second for the sample town, a minute or
more at a million parcels. Changes are made one at a time; readers are
never held up by them. The page shows its two controls (retire the house
shown, add a planned lot where the map is clicked) once the token is
entered.

The service listens on the loopback interface unless --addr names another. Errors are JSON, {"error": {"status", "code",
"message"}}, and a request beyond a limit (a body over 256 KiB, an address
text over 1,024 bytes, a batch over 1,000 items, headers over 64 KiB) is
refused, never cut short. Tiles are made at most as many at once as
there are CPUs, and kept, encoded, up to 256 MB.

Memory: the service holds the registry and its map (about 2.3 GB for a
million parcels) and makes little garbage per request; Go's collector
lets the heap grow to twice what is held (GOGC=100) before collecting.
GOMEMLIMIT (such as GOMEMLIMIT=4GiB) caps that growth at the cost of more
frequent collections; GOGC=50 halves the headroom.

` + keyHelp + `

Exit status: 0 after an interrupt once the service has stopped, 1 when the
registry cannot be opened or the address cannot be listened on, 2 for a
usage error (a flag missing or wrong, a key or token file that cannot be
used, an editable service over a file sealed with a key not given).`

func runServe(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return serve(ctx, args, stdout, stderr)
}

// serve runs the service until ctx is done, then shuts it down: the
// listener closed at once, requests in flight given 10 s to finish.
func serve(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	gpkg := fs.String("gpkg", "", "registry saved by 'diachi registry build' or 'diachi town'")
	addr := fs.String("addr", "127.0.0.1:8080", "host:port to listen on (loopback by default)")
	tokenFile := fs.String("edit-token-file", "", "file holding the token that authorises changes from the map (POST /api/edit/...); absent: read-only")
	keys := addKeyFlags(fs, false)
	fs.Usage = func() {
		fmt.Fprintln(stderr, serveUsage)
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args); err != nil {
		return flagStatus(err)
	}
	if *gpkg == "" || fs.NArg() > 0 {
		fs.Usage()
		return 2
	}
	host, _, err := net.SplitHostPort(*addr)
	if err != nil {
		fmt.Fprintf(stderr, "diachi serve: --addr %q: %v\n", *addr, err)
		return 2
	}
	key, _, err := keys.load()
	if err != nil {
		fmt.Fprintf(stderr, "diachi serve: %v\n", err)
		return 2
	}
	var token []byte
	if *tokenFile != "" {
		if token, err = readTokenFile(*tokenFile); err != nil {
			fmt.Fprintf(stderr, "diachi serve: %v\n", err)
			return 2
		}
	}
	t0 := time.Now()
	var reg *registry.Registry
	if token != nil {
		// Editable: the key must verify the file's seal, as for every
		// change ('diachi registry add').
		reg, err = openForChange(ctx, *gpkg, key)
		if errors.Is(err, errNoKey) {
			fmt.Fprintf(stderr, "diachi serve: --edit-token-file: %v\n", err)
			return 2
		}
	} else {
		// The map draws the source layers' geometry: the file read whole.
		reg, err = registry.OpenWhole(ctx, *gpkg, registry.Options{IDKey: key})
	}
	if err == nil {
		reg, err = reg.Whole(ctx) // editable: opened from its snapshot, read whole for the map
	}
	if err != nil {
		fmt.Fprintf(stderr, "diachi serve: %v\n", err)
		return 1
	}
	switch {
	case reg.DemoKey():
		fmt.Fprintf(stderr, "diachi serve: %s was sealed with the public demo key: its check detects accidental damage only, and anyone can compute its address IDs\n", *gpkg)
	case !reg.Sealed():
		fmt.Fprintf(stderr, "diachi serve: no key given (--key-file or %s): %s is checked against accidental damage only, not against a deliberate change\n", keyEnv, *gpkg)
	}
	var (
		s  *server
		ed *editor
	)
	if token != nil {
		if ed, err = newEditor(reg, *gpkg, token); err == nil {
			s = ed.cur.Load()
		}
	} else {
		s, err = newServer(reg)
	}
	if err != nil {
		fmt.Fprintf(stderr, "diachi serve: %v\n", err)
		return 1
	}
	// Opening a large registry leaves gigabytes of garbage (the file's
	// rows, the rebuild's scratch): given back before the first request,
	// so that the memory the service holds is what it serves from.
	runtime.GC()
	debug.FreeOSMemory()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(stderr, "diachi serve: %v\n", err)
		return 1
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		fmt.Fprintf(stderr, "diachi serve: listening on %s, reachable from other machines\n", ln.Addr())
	}
	srv := s.httpServer()
	if ed != nil {
		srv.Handler = ed
		fmt.Fprintf(stderr, "diachi serve: editable: changes authorised by the token of --edit-token-file are saved to %s\n", *gpkg)
	}
	fmt.Fprintf(stdout, "diachi serve: %s: %d houses, %d parcels, %d findings (opened in %.1f s); http://%s/\n",
		*gpkg, reg.HouseCount(), reg.ParcelCount(), len(s.findings), time.Since(t0).Seconds(), ln.Addr())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		fmt.Fprintf(stderr, "diachi serve: %v\n", err)
		return 1
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shut); err != nil {
		fmt.Fprintf(stderr, "diachi serve: shutdown: %v\n", err)
		return 1
	}
	if err := <-done; err != nil && !errors.Is(err, http.ErrServerClosed) {
		fmt.Fprintf(stderr, "diachi serve: %v\n", err)
		return 1
	}
	fmt.Fprintln(stderr, "diachi serve: stopped")
	return 0
}

// serveTimeouts are the service's timeouts: a client gets 5 s to send its
// headers and 10 s its whole request, an answer 30 s to be written, an
// idle connection 60 s before it is closed. (A variable so that a test
// can shorten them.)
var serveTimeouts = struct{ header, read, write, idle time.Duration }{5 * time.Second, 10 * time.Second, 30 * time.Second, 60 * time.Second}

// httpServer is the service with its timeouts and header limit.
func (s *server) httpServer() *http.Server {
	return &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: serveTimeouts.header,
		ReadTimeout:       serveTimeouts.read,
		WriteTimeout:      serveTimeouts.write,
		IdleTimeout:       serveTimeouts.idle,
		MaxHeaderBytes:    maxHeaderBytes,
	}
}

// asset is an embedded file with its ETag, computed once.
type asset struct {
	body        []byte
	etag        string
	contentType string
}

// assets reads the embedded files: the page in each language, the OpenAPI
// description and every file under web/static.
func assets() (map[string]asset, error) {
	out := map[string]asset{}
	add := func(name string, b []byte, ct string) {
		out[name] = asset{body: b, etag: etagOf(b), contentType: ct}
	}
	page, err := web.ReadFile("web/index.html")
	if err != nil {
		return nil, err
	}
	add("index.vi", page, "text/html; charset=utf-8")
	add("index.en", bytes.Replace(page, []byte(`<html lang="vi">`), []byte(`<html lang="en">`), 1), "text/html; charset=utf-8")
	api, err := web.ReadFile("web/openapi.json")
	if err != nil {
		return nil, err
	}
	add("openapi.json", api, "application/json; charset=utf-8")
	err = fs.WalkDir(web, "web/static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := web.ReadFile(p)
		if err != nil {
			return err
		}
		ct := mime.TypeByExtension(path.Ext(p))
		if ct == "" {
			ct = "application/octet-stream"
		}
		add(strings.TrimPrefix(p, "web/"), b, ct)
		return nil
	})
	return out, err
}

func (s *server) writeAsset(w http.ResponseWriter, r *http.Request, name string) error {
	a, ok := s.assets[name]
	if !ok {
		return errorf(http.StatusNotFound, "not_found", "no such file: %s", r.URL.Path)
	}
	writeCached(w, r, a.contentType, a.body, a.etag)
	return nil
}

func (s *server) handleOpenAPI(w http.ResponseWriter, r *http.Request, q url.Values) error {
	return s.writeAsset(w, r, "openapi.json")
}

func (s *server) handleIndex(w http.ResponseWriter, r *http.Request, q url.Values) error {
	lang := q.Get("lang")
	switch lang {
	case "":
		lang = "vi"
	case "vi", "en":
	default:
		return errorf(http.StatusBadRequest, "invalid_parameter", "lang: %q is not vi or en", lang)
	}
	w.Header().Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'")
	return s.writeAsset(w, r, "index."+lang)
}

func (s *server) handleStatic(w http.ResponseWriter, r *http.Request, q url.Values) error {
	return s.writeAsset(w, r, "static/"+r.PathValue("file"))
}
