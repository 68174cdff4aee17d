" Headless Vim + ALE check of the QPP Lens server: opens the file given on the command line, waits for the server's
" diagnostics in ALE's loclist and writes them, sorted, to $ALE_OUT.
" Run: LSP_CMD="node dist/server.js --stdio" ALE_OUT=out.txt vim -Nu NONE -i NONE -Es -S ale_check.vim FILE
set nocompatible
let &runtimepath = '/usr/share/vim-ale,' . &runtimepath
let g:ale_lint_on_text_changed = 'never'
let g:ale_lint_on_insert_leave = 0
let g:ale_echo_cursor = 0
let g:ale_set_signs = 0
let g:ale_set_highlights = 0
runtime plugin/ale.vim

let s:command = $LSP_CMD
let s:linter = {
\ 'name': 'qpplens',
\ 'lsp': 'stdio',
\ 'executable': split(s:command)[0],
\ 'command': s:command,
\ 'project_root': {buffer -> fnamemodify(bufname(buffer), ':p:h')},
\}
call ale#linter#Define('qppentity', s:linter)
call ale#linter#Define('qpplist', s:linter)

execute 'edit ' . fnameescape(argv(0))
let &filetype = argv(0) =~# '\.entity\.json$' ? 'qppentity' : 'qpplist'
ALELint
let s:start = reltime()
while empty(ale#engine#GetLoclist(bufnr(''))) && reltimefloat(reltime(s:start)) < 15
  sleep 50m
endwhile
let s:lines = ['diagnostics:']
for s:item in sort(copy(ale#engine#GetLoclist(bufnr(''))), {a, b -> a.lnum == b.lnum ? (a.col == b.col ? (a.text > b.text ? 1 : -1) : a.col - b.col) : a.lnum - b.lnum})
  call add(s:lines, printf('  %d:%d %s %s %s', s:item.lnum, s:item.col, s:item.type, get(s:item, 'code', ''), s:item.text))
endfor
if len(s:lines) == 1
  call add(s:lines, 'TIMEOUT: no diagnostics within 15 s')
endif
call writefile(s:lines, $ALE_OUT)
qall!
