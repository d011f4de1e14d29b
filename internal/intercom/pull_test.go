package intercom

import (
	"context"
	"iter"
)

func iterPull(c *Client) (func() (*ScrollPage, error, bool), func()) {
	return iter.Pull2(c.Scroll(context.Background(), "/companies/scroll", "data", ScrollOptions{}))
}
