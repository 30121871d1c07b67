-- Pre-rendered mermaid diagrams at their natural size, and never so small that their text
-- is hard to read.
--
-- Quarto (1.7 and 1.10) draws a diagram into a box of the default figure size (7 x 5 inches),
-- so a tall flowchart shrinks until its labels are a few pixels high. This filter gives each
-- diagram's <svg> the width and height of its own viewBox (text as drawn, 16 px); the theme's
-- `max-width: 100%; height: auto` shrinks it to the column on a phone, but not below a
-- `min-width` at which its text is still MIN_TEXT_PX: a wider diagram scrolls in its own box.

local MIN_TEXT_PX = 10
local DEFAULT_TEXT_PX = 16 -- mermaid's default theme, if a diagram's style does not say
local FIGURE_ID = '<svg[^>]-%sid="(mermaid%-figure%-%d+)"'

-- pandoc splits an SVG into many raw pieces; the style that names the font size is one.
local function text_sizes(doc)
  local sizes = {}
  local function read(element)
    for id, px in element.text:gmatch("#(mermaid%-figure%-%d+){[^}]-font%-size:%s*([%d.]+)px") do
      sizes[id] = tonumber(px)
    end
  end
  doc:walk({ RawBlock = read, RawInline = read })
  return sizes
end

local function sized(svg, text_px)
  local width, height = svg:match('viewbox="[%d.-]+ [%d.-]+ ([%d.]+) ([%d.]+)"')
  if not width then
    return svg
  end
  local min_width = math.ceil(tonumber(width) * MIN_TEXT_PX / text_px)
  svg = svg:gsub(' width="[%d.]+"', string.format(' width="%d"', math.ceil(tonumber(width))), 1)
  svg = svg:gsub(' height="[%d.]+"', string.format(' height="%d"', math.ceil(tonumber(height))), 1)
  local floor = string.format("min-width: %dpx", min_width)
  if svg:find(' style="', 1, true) then
    return (svg:gsub(' style="', ' style="' .. floor .. "; ", 1))
  end
  return (svg:gsub("^<svg", '<svg style="' .. floor .. '"', 1))
end

function Pandoc(doc)
  local sizes = text_sizes(doc)
  return doc:walk({
    RawBlock = function(block)
      local id = block.format == "html" and block.text:match(FIGURE_ID)
      if not id then
        return nil
      end
      local text_px = sizes[id] or DEFAULT_TEXT_PX
      block.text = block.text:gsub("<svg[^>]*>", function(svg)
        return sized(svg, text_px)
      end, 1)
      return block
    end,
  })
end
