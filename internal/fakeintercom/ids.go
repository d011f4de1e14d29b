package fakeintercom

import (
	"fmt"
	"math/rand/v2"
	"sync"
)

// idSource mints request ids. It is seeded so a replayed test sees the same
// ids, and locked because handlers run concurrently.
type idSource struct {
	mu sync.Mutex
	r  *rand.Rand
}

func newIDSource(seed int64) *idSource {
	return &idSource{r: rand.New(rand.NewPCG(uint64(seed), 0x1d5))}
}

// uuid returns a version 4 UUID string.
func (s *idSource) uuid() string {
	s.mu.Lock()
	hi, lo := s.r.Uint64(), s.r.Uint64()
	s.mu.Unlock()
	return formatUUID(hi, lo)
}

func formatUUID(hi, lo uint64) string {
	hi = hi&^0xf000 | 0x4000     // version 4
	lo = lo&^(0xc<<60) | 0x8<<60 // RFC 4122 variant
	return fmt.Sprintf("%08x-%04x-%04x-%04x-%012x",
		hi>>32, (hi>>16)&0xffff, hi&0xffff, lo>>48, lo&0xffffffffffff)
}
