package intercom

import (
	"context"
	"sync/atomic"
)

type counterKey struct{}

// CountRequests returns a context under which every HTTP request the
// governor sends (each retry included) adds one to n: how a caller learns
// what one piece of work cost.
func CountRequests(ctx context.Context, n *atomic.Int64) context.Context {
	return context.WithValue(ctx, counterKey{}, n)
}

func countRequest(ctx context.Context) {
	if n, ok := ctx.Value(counterKey{}).(*atomic.Int64); ok {
		n.Add(1)
	}
}

type chainKey struct{}

// inChain marks ctx as a chain of pages (a search, a scroll, a list's next
// links): each page waits for the one before, so its requests go ahead of
// the parallel ones (within ChainReserve extra slots), which would
// otherwise keep the chain queuing behind them.
func inChain(ctx context.Context) context.Context { return context.WithValue(ctx, chainKey{}, true) }

func isChain(ctx context.Context) bool { v, _ := ctx.Value(chainKey{}).(bool); return v }
