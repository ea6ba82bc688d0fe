package api

// Response envelopes: the top-level objects routes return.

// HomeDTO is the home page: every topic with its subtopics.
type HomeDTO struct {
	Topics []TopicDTO `json:"topics"`
}

// ListDTO is one page of threads and the way to the next.
type ListDTO struct {
	Threads []ThreadDTO `json:"threads"`
	Next    *string     `json:"next"`     // cursor for ?after=
	NextURL *string     `json:"next_url"` // the next page's JSON URL
}

// SubtopicListDTO is a subtopic page; pinned threads come only on the
// first page of the unfiltered list.
type SubtopicListDTO struct {
	Subtopic SubtopicDTO `json:"subtopic"`
	Pinned   []ThreadDTO `json:"pinned"`
	ListDTO
}

// TagListDTO is a tag page.
type TagListDTO struct {
	Tag TagDTO `json:"tag"`
	ListDTO
}

// UserPageDTO is a profile: threads started (paged) and recent replies.
type UserPageDTO struct {
	User UserDTO `json:"user"`
	ListDTO
	Replies []UserReplyDTO `json:"replies"`
}

// ThreadPageDTO is a thread with one page of posts and its answers.
type ThreadPageDTO struct {
	Thread  ThreadDTO `json:"thread"`
	Posts   []PostDTO `json:"posts"`
	Answers []PostDTO `json:"answers"` // accepted first, then recommended
	Page    int       `json:"page"`
	Pages   int       `json:"pages"`
	PrevURL *string   `json:"prev_url"`
	NextURL *string   `json:"next_url"`
}

// RevisionsDTO is one page of a post's history, oldest version first
// within the page; page 1 holds the newest versions.
type RevisionsDTO struct {
	Post      PostDTO       `json:"post"`
	Thread    ThreadDTO     `json:"thread"`
	Revisions []RevisionDTO `json:"revisions"`
	Total     int           `json:"total"` // versions kept
	Page      int           `json:"page"`
	Pages     int           `json:"pages"`
	PrevURL   *string       `json:"prev_url"` // newer versions
	NextURL   *string       `json:"next_url"` // older versions
}

// CreatedThreadDTO answers POST /api/threads.
type CreatedThreadDTO struct {
	ID         int64         `json:"id"`
	PostID     int64         `json:"post_id"`
	URL        string        `json:"url"`
	Thread     ThreadDTO     `json:"thread"`
	Redactions RedactionsDTO `json:"redactions"`
}

// CreatedReplyDTO answers POST /api/threads/{id}/replies.
type CreatedReplyDTO struct {
	ID         int64         `json:"id"`
	ThreadID   int64         `json:"thread_id"`
	Number     int           `json:"number"`
	URL        string        `json:"url"`
	Post       PostDTO       `json:"post"`
	Redactions RedactionsDTO `json:"redactions"`
}

// BoostDTO answers PUT and DELETE /api/posts/{id}/boost.
type BoostDTO struct {
	PostID  int64 `json:"post_id"`
	Boosts  int   `json:"boosts"`
	Boosted bool  `json:"boosted"`
}

// PreviewDTO answers POST /api/preview.
type PreviewDTO struct {
	HTML       string        `json:"html"`
	Redactions RedactionsDTO `json:"redactions"`
}

// TokensDTO lists the caller's tokens.
type TokensDTO struct {
	Tokens []TokenDTO `json:"tokens"`
}
