-- Drives a headless Neovim that runs docs/neovim/init.lua against the forum-dump server, and
-- writes what it saw as JSON. Run by tests/lsp/neovim.test.ts:
--
--   nvim --headless -n -i NONE --cmd 'luafile tests/lsp/neovim-driver.lua' -u docs/neovim/init.lua FILE
--
-- `--cmd` loads this file before init.lua, so the hooks on the diagnostics and message handlers
-- are in place before the server can send anything; the steps run after VimEnter.
--
-- Environment:
--   FORUM_DUMP_NVIM_OUT   where to write the JSON (required)
--   FORUM_DUMP_NVIM_POS   "LINE:CHAR" (0-based, UTF-16) of a quote header: definition, hover,
--                         and a jump with vim.lsp.buf.definition() from there
--   FORUM_DUMP_NVIM_REFS  "LINE:CHAR" of a post header: references, incoming calls
--   FORUM_DUMP_NVIM_EDIT  "LINE|OLD|NEW": replace OLD by NEW on that line in the buffer (an
--                         incremental didChange), wait for diagnostics, then :undo and wait again
--   FORUM_DUMP_NVIM_SETTLED_WITHOUT  a diagnostic code: the file's diagnostics count as settled
--                         only once a publish has none of it (e.g. `quote-outside`, while the
--                         server still reads the thread's other page files from disk)
--   FORUM_DUMP_NVIM_WS_QUERY  the workspace/symbol query (default `#12`)
--   FORUM_DUMP_NVIM_WAIT  milliseconds each wait may take (default 10000)

local out_path = os.getenv('FORUM_DUMP_NVIM_OUT')
local WAIT = tonumber(os.getenv('FORUM_DUMP_NVIM_WAIT') or '') or 10000
local t0 = vim.loop.hrtime()
local function ms()
  return math.floor((vim.loop.hrtime() - t0) / 1e6)
end

local R = { steps = {}, publishes = {}, messages = {}, notifications = {}, errors = {} }
local raw_diagnostics = {} -- uri -> the last published LSP diagnostics

-- Hooks: every publishDiagnostics, logMessage, showMessage and vim.notify, recorded.
local handlers = vim.lsp.handlers
local orig_publish = handlers['textDocument/publishDiagnostics']
handlers['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
  if result then
    local codes = {}
    for _, d in ipairs(result.diagnostics or {}) do
      table.insert(codes, { code = d.code, line = d.range.start.line, severity = d.severity, message = d.message })
    end
    table.insert(R.publishes, { at = ms(), uri = result.uri, version = result.version, diagnostics = codes })
    raw_diagnostics[result.uri] = result.diagnostics or {}
  end
  return orig_publish(err, result, ctx, config)
end
for _, m in ipairs({ 'window/logMessage', 'window/showMessage' }) do
  local orig = handlers[m]
  handlers[m] = function(err, result, ctx, config)
    if result then
      table.insert(R.messages, { method = m, type = result.type, message = result.message })
    end
    return orig(err, result, ctx, config)
  end
end
local orig_notify = vim.notify
vim.notify = function(msg, level, opts)
  table.insert(R.notifications, { message = tostring(msg), level = level })
  return orig_notify(msg, level, opts)
end

local function pos_env(name)
  local v = os.getenv(name)
  if not v or v == '' then
    return nil
  end
  local l, c = v:match('^(%d+):(%d+)$')
  return { line = tonumber(l), character = tonumber(c) }
end

local function client_of(buf)
  for _, c in pairs(vim.lsp.buf_get_clients(buf)) do
    if c.name == 'forum-dump' then
      return c
    end
  end
end

local function request(buf, method, params)
  local res, err = vim.lsp.buf_request_sync(buf, method, params, WAIT)
  if not res then
    table.insert(R.errors, method .. ': ' .. tostring(err))
    return nil
  end
  for _, r in pairs(res) do
    if r.err or r.error then
      table.insert(R.errors, method .. ': ' .. vim.inspect(r.err or r.error))
    end
    return r.result
  end
  return nil
end

local function last_publish(uri)
  for i = #R.publishes, 1, -1 do
    if R.publishes[i].uri == uri then
      return R.publishes[i], i
    end
  end
end

-- Waits for a publish for `uri` that `pred` accepts, then until none came for `quiet` ms.
local function wait_diagnostics(uri, pred, quiet)
  quiet = quiet or 400
  local ok = vim.wait(WAIT, function()
    local p = last_publish(uri)
    return p ~= nil and pred(p) and ms() - p.at >= quiet
  end, 20)
  local p = last_publish(uri)
  return ok, p
end

local function text_document(buf)
  return { uri = vim.uri_from_bufnr(buf) }
end

local function main()
  local buf = vim.api.nvim_get_current_buf()
  local uri = vim.uri_from_bufnr(buf)
  local v = vim.version()
  R.nvim = string.format('%d.%d.%d', v.major, v.minor, v.patch)
  R.file = vim.api.nvim_buf_get_name(buf)
  R.uri = uri
  R.filetype = vim.bo[buf].filetype

  -- 1. The client: started by init.lua's FileType autocmd, attached and initialized.
  local attached = vim.wait(WAIT, function()
    local c = client_of(buf)
    return c ~= nil and c.initialized == true
  end, 20)
  R.steps.attach_ms = ms()
  local c = client_of(buf)
  R.client = c and { name = c.name, root_dir = c.config.root_dir, cmd = c.config.cmd, initialized = c.initialized, offset_encoding = c.offset_encoding } or vim.NIL
  if not attached then
    table.insert(R.errors, 'no forum-dump client attached within ' .. WAIT .. ' ms')
    return
  end

  -- 2. Diagnostics of the file as opened (after the server has settled: thread pages, workspace).
  local without = os.getenv('FORUM_DUMP_NVIM_SETTLED_WITHOUT')
  local ok, p = wait_diagnostics(uri, function(pp)
    if without == nil or without == '' then
      return true
    end
    for _, d in ipairs(pp.diagnostics) do
      if d.code == without then
        return false
      end
    end
    return true
  end, 600)
  R.diagnostics = ok and p.diagnostics or vim.NIL
  R.vim_diagnostics = #vim.diagnostic.get(buf)

  -- 3. Document symbols.
  local syms = request(buf, 'textDocument/documentSymbol', { textDocument = text_document(buf) }) or {}
  R.symbols = {}
  for _, s in ipairs(syms) do
    table.insert(R.symbols, { name = s.name, line = (s.selectionRange or s.range or s.location.range).start.line })
  end

  -- 4. Definition and hover on a quote header; then the jump as `gd` does it.
  local pos = pos_env('FORUM_DUMP_NVIM_POS')
  if pos then
    local defs = request(buf, 'textDocument/definition', { textDocument = text_document(buf), position = pos })
    R.definition = {}
    for _, d in ipairs(defs or {}) do
      local r = d.targetSelectionRange or d.range
      table.insert(R.definition, { uri = d.targetUri or d.uri, line = r.start.line, character = r.start.character })
    end
    local h = request(buf, 'textDocument/hover', { textDocument = text_document(buf), position = pos })
    R.hover = h and (type(h.contents) == 'table' and (h.contents.value or vim.inspect(h.contents)) or tostring(h.contents)) or vim.NIL

    -- The cursor at the byte column of that UTF-16 position: Neovim must convert it back.
    local line_text = vim.api.nvim_buf_get_lines(buf, pos.line, pos.line + 1, false)[1]
    local byte_col = vim.str_byteindex(line_text, pos.character, true)
    vim.api.nvim_win_set_cursor(0, { pos.line + 1, byte_col })
    R.position_params = vim.lsp.util.make_position_params().position
    -- And a position further on, after the CJK `发表于`: bytes and UTF-16 units differ there.
    local s = line_text:find('%d%d:%d%d')
    if s then
      vim.api.nvim_win_set_cursor(0, { pos.line + 1, s - 1 })
      local pp = vim.lsp.util.make_position_params()
      R.cjk_position = { byte_col = s - 1, character = pp.position.character }
      local defs2 = request(buf, 'textDocument/definition', pp) or {}
      R.cjk_definition_lines = {}
      for _, d in ipairs(defs2) do
        table.insert(R.cjk_definition_lines, (d.targetSelectionRange or d.range).start.line)
      end
      vim.api.nvim_win_set_cursor(0, { pos.line + 1, byte_col })
    end

    local before = vim.api.nvim_get_current_buf() .. ':' .. vim.inspect(vim.api.nvim_win_get_cursor(0))
    vim.lsp.buf.definition()
    vim.wait(WAIT, function()
      return vim.api.nvim_get_current_buf() .. ':' .. vim.inspect(vim.api.nvim_win_get_cursor(0)) ~= before
    end, 20)
    local cur = vim.api.nvim_win_get_cursor(0)
    R.jump = { file = vim.api.nvim_buf_get_name(0), line = cur[1] - 1, col = cur[2], filetype = vim.bo.filetype }
    if vim.api.nvim_get_current_buf() ~= buf then
      R.jump.attached = client_of(0) ~= nil
      vim.cmd('buffer ' .. buf)
    end
  end

  -- 5. References and the reply tree from a post header; code lenses, folds, links, workspace symbols.
  local rpos = pos_env('FORUM_DUMP_NVIM_REFS')
  if rpos then
    local refs = request(buf, 'textDocument/references', { textDocument = text_document(buf), position = rpos, context = { includeDeclaration = false } }) or {}
    R.references = {}
    for _, r in ipairs(refs) do
      table.insert(R.references, r.range.start.line)
    end
    local items = request(buf, 'textDocument/prepareCallHierarchy', { textDocument = text_document(buf), position = rpos }) or {}
    R.call_items = #items
    if items[1] then
      local calls = request(buf, 'callHierarchy/incomingCalls', { item = items[1] }) or {}
      R.incoming_calls = {}
      for _, call in ipairs(calls) do
        table.insert(R.incoming_calls, call.from.name)
      end
    end
  end
  R.code_lenses = #(request(buf, 'textDocument/codeLens', { textDocument = text_document(buf) }) or {})
  R.folding_ranges = #(request(buf, 'textDocument/foldingRange', { textDocument = text_document(buf) }) or {})
  R.document_links = #(request(buf, 'textDocument/documentLink', { textDocument = text_document(buf) }) or {})
  local query = os.getenv('FORUM_DUMP_NVIM_WS_QUERY')
  R.workspace_symbols = {}
  for _, w in ipairs(request(buf, 'workspace/symbol', { query = (query and query ~= '') and query or '#12' }) or {}) do
    table.insert(R.workspace_symbols, { name = w.name, file = vim.uri_to_fname(w.location.uri), line = w.location.range.start.line })
  end

  -- 6. An edit in the buffer (Neovim sends it as an incremental change), then :undo.
  local edit = os.getenv('FORUM_DUMP_NVIM_EDIT')
  if edit and edit ~= '' then
    local l, old, new = edit:match('^(%d+)|([^|]+)|(.+)$')
    l = tonumber(l)
    local text = vim.api.nvim_buf_get_lines(buf, l, l + 1, false)[1]
    local s = text:find(old, 1, true)
    if not s then
      table.insert(R.errors, 'edit: ' .. old .. ' not on line ' .. l)
    else
      vim.api.nvim_buf_set_text(buf, l, s - 1, l, s - 1 + #old, { new })
      local v1 = vim.lsp.util.buf_versions[buf]
      local ok1, p1 = wait_diagnostics(uri, function(pp)
        return pp.version == v1
      end)
      R.edited = ok1 and p1.diagnostics or vim.NIL
      local on_line = vim.tbl_filter(function(d)
        return d.range.start.line == l
      end, raw_diagnostics[uri] or {})
      -- What `vim.lsp.buf.code_action()` sends: the cursor (here on the edited text) as the range.
      vim.api.nvim_win_set_cursor(0, { l + 1, s - 1 })
      local params = vim.lsp.util.make_range_params()
      params.context = { diagnostics = on_line }
      local actions = request(buf, 'textDocument/codeAction', params) or {}
      R.code_actions = {}
      for _, a in ipairs(actions) do
        table.insert(R.code_actions, a.title)
      end
      -- The first quick fix, applied as Neovim applies it (UTF-16 ranges on a CJK line); without
      -- one, :undo. Either way the line must be as before the edit, and the problem gone.
      if actions[1] and actions[1].edit then
        vim.lsp.util.apply_workspace_edit(actions[1].edit, 'utf-16')
        R.repaired_by = 'quick fix'
      else
        vim.cmd('silent undo')
        R.repaired_by = 'undo'
      end
      local v2 = vim.lsp.util.buf_versions[buf]
      local ok2, p2 = wait_diagnostics(uri, function(pp)
        return pp.version == v2
      end)
      R.repaired = ok2 and p2.diagnostics or vim.NIL
      R.repaired_line = vim.api.nvim_buf_get_lines(buf, l, l + 1, false)[1]
      R.repaired_text_ok = R.repaired_line == text
    end
  end
end

local function run()
  local ok, err = xpcall(main, debug.traceback)
  if not ok then
    table.insert(R.errors, 'driver: ' .. tostring(err))
  end
  R.steps.total_ms = ms()
  local f = assert(io.open(assert(out_path, 'FORUM_DUMP_NVIM_OUT is not set'), 'w'))
  f:write(vim.fn.json_encode(R))
  f:close()
  vim.cmd('qa!')
end

-- Scheduled from VimEnter, not run inside it: autocommands do not nest, and a file opened by
-- `gd` must get its BufRead / FileType autocommands (filetype detection, the LSP attach).
vim.api.nvim_create_autocmd('VimEnter', {
  once = true,
  callback = function()
    vim.schedule(run)
  end,
})
