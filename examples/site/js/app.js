document.addEventListener('DOMContentLoaded', function () { console.log('acme ready'); });
