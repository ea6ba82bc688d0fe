package api

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/parley-forum/parley/internal/forum"
)

// list reads ?sort=&order=&filter=&after=&limit= and serves one page of
// threads in scope; path is the list's JSON path, for next_url.
func (a *API) list(r *http.Request, scope forum.Scope, path string) (ListDTO, *forum.ListPage, error) {
	q, err := forum.ParseListParams(r.URL.Query().Get)
	if err != nil {
		return ListDTO{}, nil, err
	}
	q.Scope = scope
	lp, err := a.svc.ListThreads(r.Context(), q)
	if err != nil {
		return ListDTO{}, nil, err
	}
	return a.listDTO(lp, q, path), lp, nil
}

func (a *API) listDTO(lp *forum.ListPage, q forum.ListQuery, path string) ListDTO {
	d := ListDTO{Threads: a.threads(lp.Threads)}
	if lp.Next != nil {
		cursor := lp.Next.Encode()
		sep := "?"
		if strings.Contains(path, "?") {
			sep = "&" // the path carries a parameter of its own (/latest.json?tag=x)
		}
		next := a.baseURL + path + sep + listQuery(q, cursor)
		d.Next, d.NextURL = &cursor, &next
	}
	return d
}

// listQuery keeps a list's sort, order, filter and page size in the link
// to its next page; defaults are left out so URLs stay short.
func listQuery(q forum.ListQuery, after string) string {
	v := url.Values{}
	if q.Sort != forum.SortActivity {
		v.Set("sort", string(q.Sort))
	}
	if !q.Desc {
		v.Set("order", "asc")
	}
	if q.Filter != forum.FilterAll {
		v.Set("filter", string(q.Filter))
	}
	if q.Limit != forum.DefaultPageSize {
		v.Set("limit", strconv.Itoa(q.Limit))
	}
	v.Set("after", after)
	return v.Encode()
}
