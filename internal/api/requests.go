package api

// Request bodies. Field names match the responses; unknown fields are
// refused by decode.

type threadRequest struct {
	Title    string   `json:"title"`
	Subtopic string   `json:"subtopic"` // slug
	Tags     []string `json:"tags"`
	Body     string   `json:"body"`
	Redact   bool     `json:"redact"`
}

type replyRequest struct {
	Body   string `json:"body"`
	Redact bool   `json:"redact"`
}

type editRequest struct {
	Title  string `json:"title"` // opening posts only; empty keeps the title
	Body   string `json:"body"`
	Redact bool   `json:"redact"`
}

type acceptRequest struct {
	PostID *int64 `json:"post_id"` // 0, null or absent clears
}

type previewRequest struct {
	Body   string `json:"body"`
	Redact bool   `json:"redact"`
}

type tokenRequest struct {
	Name            string `json:"name"`
	CurrentPassword string `json:"current_password"`
}
