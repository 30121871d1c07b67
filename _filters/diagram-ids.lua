-- Pre-rendered mermaid diagrams with the same ids on every render.
--
-- mermaid names each diagram `mermaid-<the time in milliseconds>` while Quarto draws it, and
-- that name stays in the SVG: its arrow markers, the references to them and its title's id.
-- mermaid's `deterministicIds` cannot help: Quarto passes mermaid no option but the theme,
-- and the name is chosen before a diagram's own %%{init}%% is read. This filter renames
-- every `mermaid-<time>` after the diagram's own id, `mermaid-figure-<n>`, which Quarto
-- numbers in page order, so the page is the same on every render and the names stay unique.

local FIGURE_ID = '<svg[^>]-%sid="(mermaid%-figure%-%d+)"'
local TIME_ID = "mermaid%-%d%d%d%d%d%d%d%d%d%d+" -- ten or more digits: milliseconds

local current -- the id of the diagram being read: its <svg> comes before its parts

local function rename(element)
  current = element.text:match(FIGURE_ID) or current
  if current and element.text:find(TIME_ID) then
    element.text = element.text:gsub(TIME_ID, current)
    return element
  end
  return nil
end

function Pandoc(doc)
  current = nil
  -- Top down, in page order: pandoc splits an SVG into many raw blocks and inlines.
  return doc:walk({ traverse = "topdown", RawBlock = rename, RawInline = rename })
end
