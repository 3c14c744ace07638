-- Neovim setup for the forum-dump language server (Stage1st forum-thread dumps).
--
-- Works on Neovim 0.7 (Debian bookworm's `neovim` package is 0.7.2) and later: on 0.7 it uses
-- vim.lsp.start_client + vim.lsp.buf_attach_client; from 0.8 on, vim.lsp.start.
--
-- Try it:   node esbuild.mjs && nvim -u docs/neovim/init.lua seeds/000_30f14379e19f2ff5.txt
-- Or copy this file into ~/.config/nvim/init.lua (or require it from there) and set SERVER below,
-- or export FORUM_DUMP_SERVER=/path/to/forum-dump/dist/server.js.

-- Path to the built server (`node esbuild.mjs` writes dist/server.js). Default: the dist/ of the
-- repository this file sits in (docs/neovim/init.lua -> ../../dist/server.js).
local SERVER = vim.env.FORUM_DUMP_SERVER
if SERVER == nil or SERVER == '' then
  local this_file = debug.getinfo(1, 'S').source:gsub('^@', '')
  SERVER = vim.fn.fnamemodify(this_file, ':p:h:h:h') .. '/dist/server.js'
end

-- Optional initializationOptions, e.g.
--   { settings = { codeLens = { enabled = true }, inlayHints = { enabled = true }, indexWorkspace = true },
--     diagnostics = { brokenQuote = 'error' } }
local INIT_OPTIONS = nil

---------------------------------------------------------------------------------------------------
-- Filetype `forumdump`: `*.fdump`, page files named `<tid>-<page>[title].md`, and any .md / .txt
-- whose first lines hold the dump pattern: a `*****` line, then `####  NAME`, then
-- `##### N#  … 发表于 DATE` (the seeds are named like `000_30f14379e19f2ff5.txt`).
---------------------------------------------------------------------------------------------------

local function dump_name(path)
  local name = vim.fn.fnamemodify(path, ':t')
  return name:match('%.fdump$') ~= nil or name:match('^%d+%-%d+%[.*%]%.md$') ~= nil
end

-- The same test as the server's sniffer (shared/protocol.ts), on the first 200 lines.
local function dump_content(buf)
  local lines = vim.api.nvim_buf_get_lines(buf, 0, 200, false)
  for i = 1, #lines - 1 do
    local a = lines[i]:gsub('^\239\187\191', '') -- a BOM, if 'nobomb' left one in the text
    if a:sub(1, 5) == '#### ' and lines[i + 1]:match('^##### +%d+#') and lines[i + 1]:find('发表于', 1, true) then
      local j = i - 1
      while j >= 1 and lines[j]:match('^%s*$') do
        j = j - 1
      end
      if j < 1 or lines[j]:gsub('^\239\187\191', ''):match('^%*%*%*%*%*%s*$') then
        return true
      end
    end
  end
  return false
end

local group = vim.api.nvim_create_augroup('forumdump', { clear = true })

vim.api.nvim_create_autocmd({ 'BufRead', 'BufNewFile' }, {
  group = group,
  pattern = { '*.md', '*.txt', '*.fdump' },
  callback = function(ev)
    if dump_name(ev.file) or dump_content(ev.buf) then
      -- Set, not :setfiletype: wins over markdown/text whichever detection ran first.
      vim.bo[ev.buf].filetype = 'forumdump'
    end
  end,
})

---------------------------------------------------------------------------------------------------
-- The language server, one per root: the nearest folder above the file holding `.git`, else the
-- file's own folder (a thread folder). The server also reads the other page files of a thread
-- from disk, so opening one page is enough.
---------------------------------------------------------------------------------------------------

local function root_of(file)
  local dir = vim.fn.fnamemodify(file, ':p:h')
  local d = dir
  while true do
    if vim.loop.fs_stat(d .. '/.git') then
      return d
    end
    local parent = vim.fn.fnamemodify(d, ':h')
    if parent == d then
      return dir
    end
    d = parent
  end
end

-- Called once the server is up and the buffer attached (both Neovim 0.7 and later).
local function on_attach(_, buf)
  local map = function(lhs, rhs, desc)
    vim.keymap.set('n', lhs, rhs, { buffer = buf, silent = true, desc = desc })
  end
  map('gd', vim.lsp.buf.definition, 'Go to the quoted post')
  map('K', vim.lsp.buf.hover, 'Preview the quoted post / who quoted this post')
  map('grr', vim.lsp.buf.references, 'Every quote of this post')
  map('gO', vim.lsp.buf.document_symbol, 'Posts of this file')
  map('<leader>ri', vim.lsp.buf.incoming_calls, 'Replies to this post (reply tree)')
  map('<leader>ro', vim.lsp.buf.outgoing_calls, 'Posts this post quotes')
  map('<leader>ca', vim.lsp.buf.code_action, 'Quick fix a broken quote')
  map('<leader>cl', vim.lsp.codelens.run, 'Run the code lens of this line')
  -- Code lenses ("3 replies", "quotes #6") as virtual text at the end of post headers.
  vim.api.nvim_create_autocmd({ 'BufEnter', 'InsertLeave', 'BufWritePost' }, {
    group = group,
    buffer = buf,
    callback = function()
      pcall(vim.lsp.codelens.refresh)
    end,
  })
  vim.api.nvim_buf_call(buf, function()
    pcall(vim.lsp.codelens.refresh)
  end)
end

local warned = false
local clients = {} -- root -> client id (Neovim 0.7 path)

local function attach(buf)
  local file = vim.api.nvim_buf_get_name(buf)
  if file == '' then
    return
  end
  if vim.fn.executable('node') ~= 1 or vim.fn.filereadable(SERVER) ~= 1 then
    if not warned then
      warned = true
      vim.notify('forum-dump: needs `node` on PATH and ' .. SERVER .. ' (run `node esbuild.mjs`)', vim.log.levels.ERROR)
    end
    return
  end
  local root = root_of(file)
  local config = {
    name = 'forum-dump',
    cmd = { 'node', SERVER, '--stdio' },
    root_dir = root,
    init_options = INIT_OPTIONS,
    on_attach = on_attach,
  }
  if vim.lsp.start then -- Neovim 0.8+: reuses a running client with the same name and root
    vim.lsp.start(config, { bufnr = buf })
  else -- Neovim 0.7
    local id = clients[root]
    if id == nil or vim.lsp.get_client_by_id(id) == nil then
      config.on_exit = function()
        clients[root] = nil
      end
      id = vim.lsp.start_client(config)
      clients[root] = id
    end
    if id then
      vim.lsp.buf_attach_client(buf, id)
    end
  end
end

vim.api.nvim_create_autocmd('FileType', {
  group = group,
  pattern = 'forumdump',
  callback = function(ev)
    vim.bo[ev.buf].syntax = 'markdown' -- some colour; the dumps are markdown-ish with <blockquote>
    vim.wo.wrap = true -- posts are long CJK lines
    attach(ev.buf)
  end,
})
