-- The site's own fonts, cut down to the glyphs its pages draw.
--
-- * Every page: Bootstrap Icons with only the icons the site shows (scripts/icon_font.py),
--   declared after Quarto's bootstrap-icons.css so that browsers use it, not the whole font.
-- * Pages with an equation: a math font stack ending in the site's subset of STIX Two Math
--   (scripts/math_font.py), for readers without an installed math font.

local vendor = "../_vendor/"

-- Math in the page's body. (A listing page also gets the stylesheet: Quarto adds an
-- equation to it, out of sight, so that the listed posts' descriptions may hold math. Its
-- readers download no font unless an equation is shown.)
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
  quarto.doc.add_html_dependency({
    name = "bootstrap-icons-subset",
    version = "1.13.1",
    stylesheets = { vendor .. "bootstrap-icons/bootstrap-icons-subset.css" },
    resources = { vendor .. "bootstrap-icons/bootstrap-icons-subset.woff2" },
  })
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
