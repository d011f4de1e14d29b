package intercom

import (
	"context"
	"encoding/json"
)

// Me is the admin a token belongs to, with its workspace.
type Me struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Email string `json:"email"`
	App   struct {
		IDCode   string `json:"id_code"`
		Name     string `json:"name"`
		Timezone string `json:"timezone"`
		Region   string `json:"region"`
	} `json:"app"`
}

// Me identifies the token's admin and workspace (GET /me).
func (c *Client) Me(ctx context.Context) (*Me, error) {
	body, err := c.Get(ctx, "/me", nil)
	if err != nil {
		return nil, err
	}
	var m Me
	if err := json.Unmarshal(body, &m); err != nil {
		return nil, &DecodeError{Path: "/me", Err: err}
	}
	return &m, nil
}
