// Package fakeintercom is a stateful, deterministic stand-in for the Intercom
// REST API (versions 2.16 and 2.11). Tests, benchmarks and demos run the connector
// against it because no real Intercom workspace is reachable from them.
//
// The server generates a workspace once from a seed and serves it with
// Intercom's envelopes, field names, error bodies, bearer authentication,
// version header handling and rate-limit headers. Records(stream) exposes
// the records a correct connector must emit, and Requests() the exact
// requests it sent, so end-to-end tests can assert on both sides.
//
// # Versions
//
// Records are stored in the shapes of the 2.16 description. A request whose
// Intercom-Version is 2.11 or older gets the 2.11 shapes of the fields whose
// type differs between the two descriptions (tickets' ticket_state and
// assignee ids, admins' avatar, contacts' owner_id, wherever contacts are
// served), 2.11's AI agent resolution states and articles' parent_id and
// parent_type (versions.go); its ticket types list no ticket states, and
// the collections the 2.11 description lacks (macros, calls, brands, ...)
// answer it 404.
// Records(stream) always returns the stored, 2.16 shapes.
//
// # Searches
//
// POST /contacts/search, /conversations/search and /tickets/search accept
// Intercom's query language (filters and AND/OR groups nested at most two
// deep, at most 15 filters a group) with the operators each endpoint's
// documentation allows per field type. Contact dates match by whole
// calendar day in Options.Timezone; conversation and ticket dates are
// second-precise, with > and < including the bound as their documentation
// says ("greater (or equal) than"). Without a sort, results come by
// created_at descending; ties in any sort are broken by id.
//
// Pagination is live, like Intercom's: starting_after encodes the sort
// value and id of the last record returned, and the next request resumes
// after that position in the data as it is then. A record updated during
// a search sorted by updated_at ascending therefore moves to the end and
// is returned again.
//
// # Test hooks
//
// A Clock passed as Options.Clock drives the Date header of every
// response, rate windows, scroll expiry and the timestamps of the
// mutations (Update, Create, AddConversationPart, DeleteConversation,
// AddActivityLog, AddContactNote, AttachContact). HoldScroll, ReleaseScroll and FailScrollOnce inject
// the company scroll's documented failure modes.
//
// # Faults
//
// SetFaults injects failures at a seeded random rate, in bursts, on the
// requests a rule matches: 5xx answers (Intercom's or a gateway's), 429
// storms, connection resets, bodies cut off midway, 200 answers that are
// not JSON, answers slower than a client waits, huge bodies, and the
// scroll's own faults (held by another client, expired, failed midway).
// It also plays a server or proxy that misbehaves: one that ignores paging
// (the same page again), redirects elsewhere, echoes the Authorization
// header in an error, states a rate-limit reset in milliseconds, in the
// past, far ahead or as a Retry-After date, or strips the Date header.
// FaultsInjected counts them. WaitIdle and ExpireScroll clean up after a
// client that was killed mid-request.
package fakeintercom
