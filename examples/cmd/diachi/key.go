package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/diachi-vn/diachi/address"
	"github.com/diachi-vn/diachi/address/registry"
)

// keyEnv is the environment variable that may hold the office's key.
const keyEnv = "DIACHI_KEY"

// maxKeyFile is the size beyond which a key file is refused
// (address.MaxKeyFileBytes).
const maxKeyFile = address.MaxKeyFileBytes

// keyHelp is the paragraph the -h of every command taking a key shows.
const keyHelp = `The key is the office's secret (at least 16 bytes, best random): it makes
the address IDs unpredictable and seals the GeoPackage so that a change by
anyone without it is refused. Give it one way only: --key-file FILE (the
file's bytes, less one final line break) or the environment variable
DIACHI_KEY. It is never printed or written to any output.`

// keyFlags are the ways a command takes the office's key.
type keyFlags struct {
	file   *string
	inline *string // id new's --key, kept for scripts that pass it so
}

func addKeyFlags(fs *flag.FlagSet, inline bool) *keyFlags {
	k := &keyFlags{file: fs.String("key-file", "", "file holding the office's secret key (or set "+keyEnv+")")}
	if inline {
		k.inline = fs.String("key", "", "the secret key itself (visible to other users of the machine: prefer --key-file or "+keyEnv+")")
	}
	return k
}

// load returns the key given and how it was given, or a nil key when none
// was. An error is the user's to fix (a usage error); it never holds the
// key.
func (k *keyFlags) load() ([]byte, string, error) {
	type given struct {
		how string
		key []byte
		err error
	}
	var all []given
	if *k.file != "" {
		key, err := readKeyFile(*k.file)
		all = append(all, given{"--key-file", key, err})
	}
	if v, ok := os.LookupEnv(keyEnv); ok {
		all = append(all, given{keyEnv, []byte(v), nil})
	}
	if k.inline != nil && *k.inline != "" {
		all = append(all, given{"--key", []byte(*k.inline), nil})
	}
	switch len(all) {
	case 0:
		return nil, "", nil
	case 1:
	default:
		var hows []string
		for _, g := range all {
			hows = append(hows, g.how)
		}
		return nil, "", fmt.Errorf("the key is given %d ways (%s): give it one way only", len(all), strings.Join(hows, ", "))
	}
	g := all[0]
	if g.err != nil {
		return nil, "", fmt.Errorf("--key-file %s: %w", *k.file, g.err)
	}
	if len(g.key) < address.MinKeyBytes {
		return nil, "", fmt.Errorf("%s: a key of %d bytes, at least %d needed", g.how, len(g.key), address.MinKeyBytes)
	}
	if registry.IsDemoKey(g.key) {
		return nil, "", fmt.Errorf("%s: the public demo key is not an office's key: anyone can read it", g.how)
	}
	return g.key, g.how, nil
}

func readKeyFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxKeyFile+1))
	if err != nil {
		return nil, err
	}
	return parseKeyFile(data)
}

// errKeyFile: a key file that holds no usable key.
var errKeyFile = address.ErrKeyFile

// parseKeyFile is the key a key file holds (address.ParseKeyFile).
func parseKeyFile(data []byte) ([]byte, error) { return address.ParseKeyFile(data) }
