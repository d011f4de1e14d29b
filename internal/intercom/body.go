package intercom

import (
	"errors"
	"io"
)

// readCapped reads a whole body of at most limit bytes, holding it once: a
// body whose announced length (n, or -1) is over the limit is refused
// unread; an announced one is read into one buffer of its size; one of
// unknown length (chunked, or gzip the transport decompresses) is read in
// growing chunks that stop at the limit, then joined. A body over the limit
// costs at most the limit, never a copy of it.
func readCapped(r io.Reader, n, limit int64) ([]byte, error) {
	if n > limit {
		return nil, ErrBodyTooLarge
	}
	if n >= 0 {
		buf := make([]byte, n)
		if _, err := io.ReadFull(r, buf); err != nil {
			return nil, err
		}
		return buf, nil
	}
	var chunks [][]byte
	var total int64
	size := int64(64 << 10)
	for {
		c := make([]byte, min(size, limit+1-total))
		k, err := readFull(r, c)
		total += int64(k)
		chunks = append(chunks, c[:k])
		switch {
		case total > limit:
			return nil, ErrBodyTooLarge
		case errors.Is(err, io.EOF):
			return join(chunks, total), nil
		case err != nil:
			return nil, err
		}
		size = min(size*2, 1<<20)
	}
}

// readFull fills b unless the reader ends (io.EOF) or fails first; unlike
// io.ReadFull, a body cut off midway stays an error, not a short read.
func readFull(r io.Reader, b []byte) (int, error) {
	n := 0
	for n < len(b) {
		k, err := r.Read(b[n:])
		n += k
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// join makes the chunks one body. A body smaller than its first chunk
// (most answers: Intercom's pages run to a few KB) is copied out of it, so
// the records sliced from the body do not keep 64 KB alive each.
func join(chunks [][]byte, total int64) []byte {
	if len(chunks) == 1 {
		c := chunks[0]
		if cap(c)-len(c) <= len(c)/8 {
			return c
		}
		return append(make([]byte, 0, len(c)), c...)
	}
	out := make([]byte, 0, total)
	for _, c := range chunks {
		out = append(out, c...)
	}
	return out
}
