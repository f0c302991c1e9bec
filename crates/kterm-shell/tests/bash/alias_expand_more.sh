shopt -s expand_aliases
alias hi='echo hello'
alias both='hi; hi'
both
alias x=y y=x
x 2>&1
alias e='echo '
alias w=world
e w
unalias hi; hi 2>&1
