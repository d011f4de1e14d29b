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
