-- The site's own fonts, cut down to the glyphs its pages draw.
--
-- * Pages with an equation: a math font stack ending in the site's subset of STIX Two Math
--   (scripts/math_font.py), for readers without an installed math font.

local vendor = "../_vendor/"

-- In the page's body: the metadata can hold other pages' text (a listing's posts).
local function has_math(doc)
  local found = false
  doc.blocks:walk({
    Math = function()
      found = true
    end,
  })
  return found
end

function Pandoc(doc)
  if not quarto.doc.is_format("html") then
    return nil
  end
  if has_math(doc) then
    quarto.doc.add_html_dependency({
      name = "stix-two-math-subset",
      version = "2.12",
      stylesheets = { vendor .. "stix-two-math/stix-two-math.css" },
      resources = { vendor .. "stix-two-math/stix-two-math-subset.woff2" },
    })
  end
  return nil
end
