-- A worded claim, [phrase]{claim="..."}, is checked by the tests against the post's code
-- (blogkit/proofreading.py); the reader sees the phrase alone.
function Span(span)
  if span.attributes.claim then
    return span.content
  end
end
