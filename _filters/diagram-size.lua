-- Pre-rendered mermaid diagrams at their natural size.
--
-- Quarto 1.7 draws a diagram into a box of the default figure size (7 x 5 inches), so a tall
-- flowchart shrinks until its labels are a few pixels high. This filter gives each diagram's
-- <svg> the width and height of its own viewBox (16 px text, as drawn); the theme's
-- `max-width: 100%; height: auto` shrinks it to the column on a phone.

local function natural_size(svg)
  local width, height = svg:match('viewbox="[%d.-]+ [%d.-]+ ([%d.]+) ([%d.]+)"')
  if not width then
    return svg
  end
  svg = svg:gsub(' width="[%d.]+"', string.format(' width="%d"', math.ceil(tonumber(width))), 1)
  svg = svg:gsub(' height="[%d.]+"', string.format(' height="%d"', math.ceil(tonumber(height))), 1)
  return svg
end

function RawBlock(block)
  if block.format ~= "html" or not block.text:find('id="mermaid-figure-', 1, true) then
    return nil
  end
  block.text = block.text:gsub("<svg[^>]*>", natural_size, 1)
  return block
end
