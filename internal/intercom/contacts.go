package intercom

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/buger/jsonparser"
)

// ContactList is one of the lists a contact record carries capped at
// NestedListCap items, with has_more when there are more; the contact's
// sub-resource has them all.
type ContactList struct {
	// Field is the list's field in the contact record and its
	// sub-resource's name.
	Field string
	// ItemType and ItemPath render an item as the record does:
	// {type, id, url: ItemPath/id}.
	ItemType, ItemPath string
	paged              bool
	// key holds the sub-resource's items: the API answers under data;
	// Intercom's description shows a contact's companies under companies.
	key string
}

// ContactLists are the capped lists of a contact.
var ContactLists = []ContactList{
	{Field: "tags", ItemType: "tag", ItemPath: PathTags, key: "data"},
	{Field: "companies", ItemType: "company", ItemPath: "/companies", paged: true, key: "data|companies"},
	{Field: "notes", ItemType: "note", ItemPath: "/notes", paged: true, key: "data"},
}

type ref struct {
	Type string `json:"type"`
	ID   string `json:"id"`
	URL  string `json:"url"`
}

type refList struct {
	Type       string `json:"type"`
	Data       []ref  `json:"data"`
	URL        string `json:"url"`
	TotalCount int    `json:"total_count"`
	HasMore    bool   `json:"has_more"`
}

// WholeContactList fetches all of one of a contact's lists and renders it
// as the contact record shows its first items: references {type, id, url}.
func (c *Client) WholeContactList(ctx context.Context, contactID string, l ContactList) (json.RawMessage, error) {
	sub := ContactListPath(contactID, l.Field)
	out := refList{Type: "list", URL: sub, Data: []ref{}}
	add := func(items []json.RawMessage) error {
		for _, it := range items {
			id, err := jsonparser.GetString(it, "id")
			if err != nil {
				return &DecodeError{Path: sub, Err: fmt.Errorf("%s item without id", l.Field)}
			}
			out.Data = append(out.Data, ref{Type: l.ItemType, ID: id, URL: l.ItemPath + "/" + id})
		}
		return nil
	}
	if l.paged {
		for page, err := range c.PageNumbers(ctx, sub, nil, l.key, ContactListPerPage) {
			if err != nil {
				return nil, err
			}
			if err := add(page.Items); err != nil {
				return nil, err
			}
		}
	} else {
		page, err := c.GetList(ctx, sub, nil, l.key)
		if err != nil {
			return nil, err
		}
		if err := add(page.Items); err != nil {
			return nil, err
		}
	}
	out.TotalCount = len(out.Data)
	return json.Marshal(out)
}
