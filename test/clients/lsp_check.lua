-- Headless Neovim (0.7+) check of the QPP Lens server: open FILE, wait for the server's diagnostics, print them
-- sorted, then print the hover at LINE:COL (1-based line, 0-based column), the code actions, the completion labels
-- (sorted), the references there and the edits of renaming what is there to A9999 (only an APM Entity id can be
-- renamed).
-- Run: LSP_CMD="node dist/server.js --stdio" nvim --headless -n -u NONE -i NONE -c "luafile lsp_check.lua" -- FILE LINE COL
local argv = vim.fn.argv()
local file, line, col = argv[1], tonumber(argv[2] or '1'), tonumber(argv[3] or '0')
local cmd = vim.split(os.getenv('LSP_CMD') or '', ' ', { trimempty = true })
local lines = {}
local function out(s) table.insert(lines, s) end
local function finish(code)
  io.stdout:write(table.concat(lines, '\n') .. '\n')
  vim.cmd(code == 0 and 'qall!' or 'cquit! ' .. code)
end
if #cmd == 0 then out('LSP_CMD is not set'); finish(2) end

vim.cmd('edit ' .. vim.fn.fnameescape(file))
if vim.bo.filetype == '' then vim.bo.filetype = vim.fn.fnamemodify(file, ':e') end
local bufnr = vim.api.nvim_get_current_buf()
local published = 0
local default_publish = vim.lsp.handlers['textDocument/publishDiagnostics']
vim.lsp.handlers['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
  default_publish(err, result, ctx, config)
  if result and result.uri == vim.uri_from_bufnr(bufnr) then published = published + 1 end
end
local id = vim.lsp.start_client({
  name = 'qpp-lens', cmd = cmd, root_dir = vim.fn.fnamemodify(file, ':p:h'),
  settings = { qpp = { validation = { scope = 'openFiles' } } },
})
vim.lsp.buf_attach_client(bufnr, id)
local ok = vim.wait(15000, function() return published > 0 end, 20)
if not ok then out('TIMEOUT: no publishDiagnostics within 15 s'); finish(1) end

local diagnostics = vim.diagnostic.get(bufnr)
table.sort(diagnostics, function(a, b)
  if a.lnum ~= b.lnum then return a.lnum < b.lnum end
  if a.col ~= b.col then return a.col < b.col end
  return tostring(a.code) < tostring(b.code)
end)
out('diagnostics:')
for _, d in ipairs(diagnostics) do
  out(string.format('  %d:%d severity=%d source=%s code=%s %s', d.lnum + 1, d.col + 1, d.severity, tostring(d.source), tostring(d.code), d.message))
end

local position = { line = line - 1, character = col }
local res = vim.lsp.buf_request_sync(bufnr, 'textDocument/hover', { textDocument = { uri = vim.uri_from_bufnr(bufnr) }, position = position }, 5000) or {}
for _, r in pairs(res) do
  local c = r.result and r.result.contents
  out('hover:')
  out(type(c) == 'table' and (c.value or vim.inspect(c)) or tostring(c))
end

local actions = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', {
  textDocument = { uri = vim.uri_from_bufnr(bufnr) },
  range = { start = position, ['end'] = position },
  context = { diagnostics = vim.lsp.diagnostic.get_line_diagnostics(bufnr, line - 1) },
}, 5000) or {}
out('code actions:')
for _, r in pairs(actions) do
  for _, a in ipairs(r.result or {}) do out('  ' .. a.title) end
end
local completion = vim.lsp.buf_request_sync(bufnr, 'textDocument/completion', {
  textDocument = { uri = vim.uri_from_bufnr(bufnr) }, position = position,
}, 5000) or {}
out('completion:')
for _, r in pairs(completion) do
  local labels = {}
  for _, item in ipairs((r.result or {}).items or r.result or {}) do table.insert(labels, item.label) end
  table.sort(labels)
  for _, l in ipairs(labels) do out('  ' .. l) end
end
local function basename(uri) return vim.fn.fnamemodify(vim.uri_to_fname(uri), ':t') end
local refs = vim.lsp.buf_request_sync(bufnr, 'textDocument/references', {
  textDocument = { uri = vim.uri_from_bufnr(bufnr) }, position = position, context = { includeDeclaration = true },
}, 5000) or {}
out('references:')
for _, r in pairs(refs) do
  for _, loc in ipairs(r.result or {}) do out(string.format('  %s:%d:%d', basename(loc.uri), loc.range.start.line + 1, loc.range.start.character)) end
end
local renamed = vim.lsp.buf_request_sync(bufnr, 'textDocument/rename', {
  textDocument = { uri = vim.uri_from_bufnr(bufnr) }, position = position, newName = 'A9999',
}, 5000) or {}
out('rename to A9999:')
for _, r in pairs(renamed) do
  if r.err then out('  error: ' .. r.err.message) end
  local files = {}
  for uri, edits in pairs((r.result or {}).changes or {}) do
    local texts = {}
    for _, e in ipairs(edits) do table.insert(texts, string.format('%d:%d %s', e.range.start.line + 1, e.range.start.character, e.newText)) end
    table.insert(files, '  ' .. basename(uri) .. ': ' .. table.concat(texts, ', '))
  end
  table.sort(files)
  for _, f in ipairs(files) do out(f) end
end
vim.lsp.stop_client(id)
finish(0)
