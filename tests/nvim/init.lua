-- Neovim (0.7 or later) as a real LSP client of `pmlint server`, for tests/neovim.rs.
--
-- Environment: PMLINT_BIN, the pmlint binary; PMLINT_NVIM_OUT, the JSON file
-- to write; PMLINT_NVIM_MORE, more postmortems to open, comma-separated (optional).
-- With the first file given on the command line, it: starts the server for
-- Markdown buffers, saves the file (:w), waits for diagnostics, asks for the
-- code actions on the first one, applies the fix, saves again and waits for
-- the diagnostics to go; then opens each other file, saves it and waits for
-- its diagnostics. It writes what it saw and quits, also on failure.
-- Uses only APIs that Neovim 0.7 has (vim.lsp.start_client, buf_attach_client).

local bin = os.getenv("PMLINT_BIN")
local out_path = os.getenv("PMLINT_NVIM_OUT")
local more = os.getenv("PMLINT_NVIM_MORE") or ""
local v = vim.version()
local result = {
  nvim = string.format("%d.%d.%d", v.major, v.minor, v.patch),
  errors = {},
  files = {},
}
local client_id = nil
local initialized = false

local function attach(bufnr)
  if not client_id then
    client_id = vim.lsp.start_client({
      name = "pmlint",
      cmd = { bin, "server" },
      root_dir = vim.fn.getcwd(),
      on_init = function()
        initialized = true
      end,
    })
  end
  vim.lsp.buf_attach_client(bufnr, client_id)
end

vim.api.nvim_create_autocmd("BufReadPost", {
  pattern = { "*.md", "*.markdown" },
  callback = function(args)
    attach(args.buf)
  end,
})

local function simple(d)
  return {
    lnum = d.lnum,
    col = d.col,
    end_lnum = d.end_lnum,
    end_col = d.end_col,
    code = d.code,
    severity = d.severity,
    source = d.source,
    message = d.message,
  }
end

local function diagnostics(bufnr)
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(out, simple(d))
  end
  table.sort(out, function(a, b)
    return a.lnum < b.lnum or (a.lnum == b.lnum and a.col < b.col)
  end)
  return out
end

-- The LSP diagnostics on a line, as the client sends them in a codeAction request.
local function line_diagnostics(bufnr, lnum)
  if vim.lsp.diagnostic.get_line_diagnostics then -- Neovim 0.7 to 0.9
    return vim.lsp.diagnostic.get_line_diagnostics(bufnr, lnum)
  end
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr, { lnum = lnum })) do
    local lsp = d.user_data and d.user_data.lsp
    if lsp then
      table.insert(out, lsp)
    end
  end
  return out
end

local function wait(ms, what, cond)
  if not vim.wait(ms, cond, 50) then
    error("timed out waiting for " .. what)
  end
end

local function main()
  assert(bin and out_path, "PMLINT_BIN and PMLINT_NVIM_OUT must be set")
  local bufnr = vim.api.nvim_get_current_buf()
  wait(10000, "the server to initialize", function()
    return initialized and vim.lsp.buf_is_attached(bufnr, client_id)
  end)
  local client = vim.lsp.get_client_by_id(client_id)
  result.offset_encoding = client.offset_encoding
  result.position_encoding = (client.server_capabilities or {}).positionEncoding

  local file = { name = vim.fn.expand("%:t") }
  table.insert(result.files, file)
  vim.cmd("silent write")
  wait(10000, "diagnostics", function()
    return #vim.diagnostic.get(bufnr) > 0
  end)
  file.diagnostics = diagnostics(bufnr)

  -- The code actions for the first diagnostic's line, as `vim.lsp.buf.code_action()` asks.
  local first = file.diagnostics[1]
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    range = {
      start = { line = first.lnum, character = 0 },
      ["end"] = { line = first.lnum, character = 0 },
    },
    context = { diagnostics = line_diagnostics(bufnr, first.lnum) },
  }
  local responses = vim.lsp.buf_request_sync(bufnr, "textDocument/codeAction", params, 10000) or {}
  file.actions = {}
  local fix = nil
  for _, response in pairs(responses) do
    for _, action in ipairs(response.result or {}) do
      table.insert(file.actions, action.title)
      if not fix and action.kind == "quickfix" and action.isPreferred then
        fix = action
      end
    end
  end
  if fix then
    vim.lsp.util.apply_workspace_edit(fix.edit, client.offset_encoding)
    vim.cmd("silent write")
    wait(10000, "the diagnostics to go after the fix", function()
      return #vim.diagnostic.get(bufnr) == 0
    end)
    file.after_fix = diagnostics(bufnr)
    file.fixed_line = vim.api.nvim_buf_get_lines(bufnr, first.lnum + 2, first.lnum + 3, false)[1]
  end

  for name in string.gmatch(more, "[^,]+") do
    vim.cmd("edit " .. vim.fn.fnameescape(name))
    local buf = vim.api.nvim_get_current_buf()
    if not vim.lsp.buf_is_attached(buf, client_id) then
      attach(buf)
    end
    local other = { name = vim.fn.expand("%:t") }
    table.insert(result.files, other)
    vim.cmd("silent write")
    wait(10000, "diagnostics of " .. name, function()
      return #vim.diagnostic.get(buf) > 0
    end)
    other.diagnostics = diagnostics(buf)
  end
end

local function finish()
  local f = io.open(out_path or "pmlint-nvim.json", "w")
  f:write(vim.fn.json_encode(result))
  f:close()
  if client_id then
    vim.lsp.stop_client(client_id)
    vim.wait(2000, function()
      return vim.lsp.get_client_by_id(client_id) == nil
    end, 50)
  end
  vim.cmd("qall!")
end

vim.api.nvim_create_autocmd("VimEnter", {
  nested = true, -- so that :edit in main() fires BufReadPost
  callback = function()
    local ok, err = pcall(main)
    if not ok then
      table.insert(result.errors, tostring(err))
    end
    finish()
  end,
})
