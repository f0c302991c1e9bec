f() { readonly inner=1; }
f
echo $inner
inner=2
echo after
