package fakeintercom

import (
	"maps"
	"slices"
	"sync"
)

// Generating a workspace is most of the cost of New (a tiny one takes
// about 30 ms), and test suites start hundreds of servers over a few
// seeds. So the first server for a seed and size builds a pristine
// workspace that is never served, and every server gets a clone of it.
// Stored records are never modified in place (workspace's rule), so a
// clone shares them and copies only the containers that changes write:
// a clone costs a few hundred microseconds.
//
// Large workspaces are built afresh each time: a cached one would hold
// hundreds of megabytes for the life of the process.

// buildKey is every option that generated data depends on.
type buildKey struct {
	seed                    int64
	size                    Size
	timezone, workspaceName string
}

type pristine struct {
	once sync.Once
	ws   *workspace
}

var pristines sync.Map // buildKey → *pristine

// workspaceFor returns a workspace for opts that no other server shares.
func workspaceFor(opts Options) *workspace {
	if opts.Size == Large {
		return buildWorkspace(opts)
	}
	key := buildKey{opts.Seed, opts.Size, opts.Timezone, opts.WorkspaceName}
	v, _ := pristines.LoadOrStore(key, &pristine{})
	p := v.(*pristine)
	p.once.Do(func() { p.ws = buildWorkspace(opts) })
	return p.ws.clone()
}

// clone is a workspace for the records of ws, which must not be served
// yet: the builder's containers and state are copied (records are shared)
// and the workspace made from them as buildWorkspace makes it.
func (ws *workspace) clone() *workspace { return ws.gen.clone().workspace(ws.app) }

// clone copies the builder's slices and maps; records are shared.
func (b *builder) clone() *builder {
	c := *b
	c.admins, c.teams, c.tags = slices.Clone(b.admins), slices.Clone(b.teams), slices.Clone(b.tags)
	c.helpCenters, c.collections = slices.Clone(b.helpCenters), slices.Clone(b.collections)
	c.homeOf = maps.Clone(b.homeOf)
	c.streams = cloneLists(b.streams)
	c.companies, c.contacts = slices.Clone(b.companies), slices.Clone(b.contacts)
	c.conversations, c.tickets = slices.Clone(b.conversations), slices.Clone(b.tickets)
	c.links = make(map[string]*contactLinks, len(b.links))
	for id, l := range b.links {
		copied := *l
		c.links[id] = &copied
	}
	c.parts = cloneLists(b.parts)
	c.authors = maps.Clone(b.authors)
	c.deletedIDs = slices.Clone(b.deletedIDs)
	c.ticketStates, c.ticketTypes = slices.Clone(b.ticketStates), slices.Clone(b.ticketTypes)
	c.newsfeedIDs = slices.Clone(b.newsfeedIDs)
	c.members = cloneLists(b.members)
	return &c
}

// cloneLists copies a map of lists and the lists; the elements are shared.
func cloneLists[T any](m map[string][]T) map[string][]T {
	out := make(map[string][]T, len(m))
	for k, v := range m {
		out[k] = slices.Clone(v)
	}
	return out
}
