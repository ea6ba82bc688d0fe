package markup

import "time"

// newUntimedRenderer returns a Renderer whose clock never moves, so the
// highlighting deadline never passes: tests of what is highlighted must not
// depend on how busy the machine is.
func newUntimedRenderer() *Renderer {
	r := New()
	t0 := time.Unix(0, 0)
	r.now = func() time.Time { return t0 }
	return r
}

// tickingClock advances by step at every reading, so a test can make the
// deadline pass after a known number of clock readings.
type tickingClock struct {
	t     time.Time
	step  time.Duration
	reads int
}

func (c *tickingClock) now() time.Time {
	c.reads++
	c.t = c.t.Add(c.step)
	return c.t
}
