s="it's a \"test\""
echo ${s@Q}
e='a\tb'; echo "${e@E}"
u=hello; echo ${u@U} ${u@u} ${u@L}
