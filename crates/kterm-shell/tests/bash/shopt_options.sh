touch one.txt
shopt -s nullglob; echo none: *.zzz end
shopt -u nullglob; echo kept: *.zzz
shopt -s nocasematch; [[ ABC == abc ]] && echo nocase
case X in x) echo case-nocase;; esac
shopt nullglob
