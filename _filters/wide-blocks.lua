-- Wide blocks scroll inside their own box, so that a phone never scrolls the whole page
-- sideways (the theme gives .table-responsive and display math `overflow-x: auto`).
--
-- * Every table is wrapped in a <div class="table-responsive"> (Bootstrap's scroll box).
-- * A paragraph that is nothing but one formula is a displayed formula: inline math cannot
--   scroll, display math can.

function Table(table)
  return pandoc.Div({ table }, pandoc.Attr("", { "table-responsive" }))
end

function Para(para)
  local only = para.content[1]
  if #para.content == 1 and only.t == "Math" and only.mathtype == "InlineMath" then
    return pandoc.Para({ pandoc.Math("DisplayMath", only.text) })
  end
  return nil
end
