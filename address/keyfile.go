package address

import (
	"bytes"
	"errors"
	"fmt"
)

// MaxKeyFileBytes is the size beyond which a key file is refused: a key
// is a few dozen bytes, so a larger file is the wrong file.
const MaxKeyFileBytes = 4096

// ErrKeyFile: a key file that holds no usable key.
var ErrKeyFile = errors.New("address: not a key file")

// ParseKeyFile is the office's key a key file holds: its bytes less one
// final line break ("\n" or "\r\n"), so that a key written by an editor
// or echo is the key meant; nothing else is removed. A file of more than
// MaxKeyFileBytes, an empty one, or a key shorter than MinKeyBytes is
// refused (ErrKeyFile). The key is not kept or shown anywhere.
func ParseKeyFile(data []byte) ([]byte, error) {
	if len(data) > MaxKeyFileBytes {
		return nil, fmt.Errorf("%w: more than %d bytes", ErrKeyFile, MaxKeyFileBytes)
	}
	key := data
	if k, ok := bytes.CutSuffix(key, []byte("\r\n")); ok {
		key = k
	} else if k, ok := bytes.CutSuffix(key, []byte("\n")); ok {
		key = k
	}
	if len(key) == 0 {
		return nil, fmt.Errorf("%w: empty", ErrKeyFile)
	}
	if len(key) < MinKeyBytes {
		return nil, fmt.Errorf("%w: a key of %d bytes, at least %d needed", ErrKeyFile, len(key), MinKeyBytes)
	}
	return key, nil
}
