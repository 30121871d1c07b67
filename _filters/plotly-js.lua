-- Pages that draw a plotly chart get plotly.js from the site itself, on demand.
--
-- The charts' HTML (plot_utils.ArticleHtmlRenderer) leaves plotly.js out. This filter makes
-- each chart's inline script inert (<script type="text/plain" class="plotly-deferred">) and
-- adds plotly-on-demand.js, which downloads plotly.js and runs a chart's script only when the
-- reader is about to see that chart (see that file). plotly.js is the pinned cartesian bundle
-- in _vendor/, the smallest official bundle with every trace type the posts use (contour is
-- in no smaller one). Pages without a chart load neither.

local package_dir = "../_vendor/plotly.js-cartesian-dist-min/"
local bundle = "plotly-cartesian.min.js"

local function bundle_version()
  local file = io.open(quarto.utils.resolve_path(package_dir .. "package.json"), "r")
  local package = quarto.json.decode(file:read("a"))
  file:close()
  return package.version
end

local function is_chart(block)
  return block.format == "html" and block.text:find("plotly-graph-div", 1, true) ~= nil
end

function Pandoc(doc)
  if not quarto.doc.is_format("html") then
    return nil
  end
  local has_chart = false
  doc.blocks = doc.blocks:walk({
    RawBlock = function(block)
      if not is_chart(block) then
        return nil
      end
      has_chart = true
      block.text = block.text:gsub("<script[^>]*>", '<script type="text/plain" class="plotly-deferred">')
      return block
    end,
  })
  if has_chart then
    quarto.doc.add_html_dependency({
      name = "plotly-cartesian",
      version = bundle_version(),
      scripts = {
        { path = "plotly-on-demand.js", afterBody = true, attribs = { ["data-bundle"] = bundle } },
      },
      stylesheets = { "plotly-on-demand.css" },
      resources = { package_dir .. bundle },
    })
  end
  return doc
end
