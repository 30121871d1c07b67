-- Pages that draw a plotly chart load plotly.js from the site itself.
--
-- The charts' HTML (plot_utils.ArticleHtmlRenderer) leaves plotly.js out. This filter adds
-- one copy to the page's head: the pinned cartesian bundle in _vendor/, which holds every
-- trace type the posts use at about a third of the full bundle's weight. Pages without a
-- chart load nothing.

local package_dir = "../_vendor/plotly.js-cartesian-dist-min/"

local function bundle_version()
  local file = io.open(quarto.utils.resolve_path(package_dir .. "package.json"), "r")
  local package = quarto.json.decode(file:read("a"))
  file:close()
  return package.version
end

function Pandoc(doc)
  if not quarto.doc.is_format("html") then
    return nil
  end
  local has_chart = false
  doc:walk({
    RawBlock = function(block)
      if block.format == "html" and block.text:find("plotly-graph-div", 1, true) then
        has_chart = true
      end
    end,
  })
  if has_chart then
    quarto.doc.add_html_dependency({
      name = "plotly-cartesian",
      version = bundle_version(),
      scripts = { package_dir .. "plotly-cartesian.min.js" },
    })
  end
  return nil
end
